const __bundleUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// packages/core/node_modules/semver/internal/constants.js
var require_constants = __commonJS({
  "packages/core/node_modules/semver/internal/constants.js"(exports2, module2) {
    "use strict";
    var SEMVER_SPEC_VERSION = "2.0.0";
    var MAX_LENGTH = 256;
    var MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER || /* istanbul ignore next */
    9007199254740991;
    var MAX_SAFE_COMPONENT_LENGTH = 16;
    var MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6;
    var WHITESPACE_CHARACTERS = [
      "	",
      "\n",
      "\v",
      "\f",
      "\r",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      " ",
      "\u2028",
      "\u2029",
      " ",
      " ",
      "　",
      "\uFEFF"
    ];
    var RELEASE_TYPES = [
      "major",
      "premajor",
      "minor",
      "preminor",
      "patch",
      "prepatch",
      "prerelease"
    ];
    module2.exports = {
      MAX_LENGTH,
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_SAFE_INTEGER,
      WHITESPACE_CHARACTERS,
      RELEASE_TYPES,
      SEMVER_SPEC_VERSION,
      FLAG_INCLUDE_PRERELEASE: 1,
      FLAG_LOOSE: 2
    };
  }
});

// packages/core/node_modules/semver/internal/debug.js
var require_debug = __commonJS({
  "packages/core/node_modules/semver/internal/debug.js"(exports2, module2) {
    "use strict";
    var debug2 = typeof process === "object" && process.env && process.env.NODE_DEBUG && /\bsemver\b/i.test(process.env.NODE_DEBUG) ? (...args) => console.error("SEMVER", ...args) : () => {
    };
    module2.exports = debug2;
  }
});

// packages/core/node_modules/semver/internal/re.js
var require_re = __commonJS({
  "packages/core/node_modules/semver/internal/re.js"(exports2, module2) {
    "use strict";
    var {
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_LENGTH
    } = require_constants();
    var debug2 = require_debug();
    exports2 = module2.exports = {};
    var re = exports2.re = [];
    var safeRe = exports2.safeRe = [];
    var src = exports2.src = [];
    var safeSrc = exports2.safeSrc = [];
    var t = exports2.t = {};
    var R = 0;
    var LETTERDASHNUMBER = "[a-zA-Z0-9-]";
    var safeRegexReplacements = [
      ["\\s", 1],
      ["\\d", MAX_LENGTH],
      [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH]
    ];
    var makeSafeRegex = (value) => {
      for (const [token, max] of safeRegexReplacements) {
        value = value.split(`${token}*`).join(`${token}{0,${max}}`).split(`${token}+`).join(`${token}{1,${max}}`);
      }
      return value;
    };
    var createToken = (name, value, isGlobal) => {
      const safe = makeSafeRegex(value);
      const index = R++;
      debug2(name, index, value);
      t[name] = index;
      src[index] = value;
      safeSrc[index] = safe;
      re[index] = new RegExp(value, isGlobal ? "g" : void 0);
      safeRe[index] = new RegExp(safe, isGlobal ? "g" : void 0);
    };
    createToken("NUMERICIDENTIFIER", "0|[1-9]\\d*");
    createToken("NUMERICIDENTIFIERLOOSE", "\\d+");
    createToken("NONNUMERICIDENTIFIER", `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`);
    createToken("MAINVERSION", `(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})`);
    createToken("MAINVERSIONLOOSE", `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASEIDENTIFIER", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIER]})`);
    createToken("PRERELEASEIDENTIFIERLOOSE", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASE", `(?:-(${src[t.PRERELEASEIDENTIFIER]}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`);
    createToken("PRERELEASELOOSE", `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`);
    createToken("BUILDIDENTIFIER", `${LETTERDASHNUMBER}+`);
    createToken("BUILD", `(?:\\+(${src[t.BUILDIDENTIFIER]}(?:\\.${src[t.BUILDIDENTIFIER]})*))`);
    createToken("FULLPLAIN", `v?${src[t.MAINVERSION]}${src[t.PRERELEASE]}?${src[t.BUILD]}?`);
    createToken("FULL", `^${src[t.FULLPLAIN]}$`);
    createToken("LOOSEPLAIN", `[v=\\s]*${src[t.MAINVERSIONLOOSE]}${src[t.PRERELEASELOOSE]}?${src[t.BUILD]}?`);
    createToken("LOOSE", `^${src[t.LOOSEPLAIN]}$`);
    createToken("GTLT", "((?:<|>)?=?)");
    createToken("XRANGEIDENTIFIERLOOSE", `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`);
    createToken("XRANGEIDENTIFIER", `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`);
    createToken("XRANGEPLAIN", `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:${src[t.PRERELEASE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGEPLAINLOOSE", `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:${src[t.PRERELEASELOOSE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`);
    createToken("XRANGELOOSE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COERCEPLAIN", `${"(^|[^\\d])(\\d{1,"}${MAX_SAFE_COMPONENT_LENGTH}})(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`);
    createToken("COERCE", `${src[t.COERCEPLAIN]}(?:$|[^\\d])`);
    createToken("COERCEFULL", src[t.COERCEPLAIN] + `(?:${src[t.PRERELEASE]})?(?:${src[t.BUILD]})?(?:$|[^\\d])`);
    createToken("COERCERTL", src[t.COERCE], true);
    createToken("COERCERTLFULL", src[t.COERCEFULL], true);
    createToken("LONETILDE", "(?:~>?)");
    createToken("TILDETRIM", `(\\s*)${src[t.LONETILDE]}\\s+`, true);
    exports2.tildeTrimReplace = "$1~";
    createToken("TILDE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`);
    createToken("TILDELOOSE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("LONECARET", "(?:\\^)");
    createToken("CARETTRIM", `(\\s*)${src[t.LONECARET]}\\s+`, true);
    exports2.caretTrimReplace = "$1^";
    createToken("CARET", `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`);
    createToken("CARETLOOSE", `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COMPARATORLOOSE", `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`);
    createToken("COMPARATOR", `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`);
    createToken("COMPARATORTRIM", `(\\s*)${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true);
    exports2.comparatorTrimReplace = "$1$2$3";
    createToken("HYPHENRANGE", `^\\s*(${src[t.XRANGEPLAIN]})\\s+-\\s+(${src[t.XRANGEPLAIN]})\\s*$`);
    createToken("HYPHENRANGELOOSE", `^\\s*(${src[t.XRANGEPLAINLOOSE]})\\s+-\\s+(${src[t.XRANGEPLAINLOOSE]})\\s*$`);
    createToken("STAR", "(<|>)?=?\\s*\\*");
    createToken("GTE0", "^\\s*>=\\s*0\\.0\\.0\\s*$");
    createToken("GTE0PRE", "^\\s*>=\\s*0\\.0\\.0-0\\s*$");
  }
});

// packages/core/node_modules/semver/internal/parse-options.js
var require_parse_options = __commonJS({
  "packages/core/node_modules/semver/internal/parse-options.js"(exports2, module2) {
    "use strict";
    var looseOption = Object.freeze({ loose: true });
    var emptyOpts = Object.freeze({});
    var parseOptions = (options2) => {
      if (!options2) {
        return emptyOpts;
      }
      if (typeof options2 !== "object") {
        return looseOption;
      }
      return options2;
    };
    module2.exports = parseOptions;
  }
});

// packages/core/node_modules/semver/internal/identifiers.js
var require_identifiers = __commonJS({
  "packages/core/node_modules/semver/internal/identifiers.js"(exports2, module2) {
    "use strict";
    var numeric = /^[0-9]+$/;
    var compareIdentifiers = (a, b) => {
      if (typeof a === "number" && typeof b === "number") {
        return a === b ? 0 : a < b ? -1 : 1;
      }
      const anum = numeric.test(a);
      const bnum = numeric.test(b);
      if (anum && bnum) {
        a = +a;
        b = +b;
      }
      return a === b ? 0 : anum && !bnum ? -1 : bnum && !anum ? 1 : a < b ? -1 : 1;
    };
    var rcompareIdentifiers = (a, b) => compareIdentifiers(b, a);
    module2.exports = {
      compareIdentifiers,
      rcompareIdentifiers
    };
  }
});

// packages/core/node_modules/semver/classes/semver.js
var require_semver = __commonJS({
  "packages/core/node_modules/semver/classes/semver.js"(exports2, module2) {
    "use strict";
    var debug2 = require_debug();
    var { MAX_LENGTH, MAX_SAFE_INTEGER } = require_constants();
    var { safeRe: re, t } = require_re();
    var parseOptions = require_parse_options();
    var { compareIdentifiers } = require_identifiers();
    var isPrereleaseIdentifier = (prerelease, identifier) => {
      const identifiers = identifier.split(".");
      if (identifiers.length > prerelease.length) {
        return false;
      }
      for (let i = 0; i < identifiers.length; i++) {
        if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
          return false;
        }
      }
      return true;
    };
    var SemVer = class _SemVer {
      constructor(version, options2) {
        options2 = parseOptions(options2);
        if (version instanceof _SemVer) {
          if (version.loose === !!options2.loose && version.includePrerelease === !!options2.includePrerelease) {
            return version;
          } else {
            version = version.version;
          }
        } else if (typeof version !== "string") {
          throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`);
        }
        if (version.length > MAX_LENGTH) {
          throw new TypeError(
            `version is longer than ${MAX_LENGTH} characters`
          );
        }
        debug2("SemVer", version, options2);
        this.options = options2;
        this.loose = !!options2.loose;
        this.includePrerelease = !!options2.includePrerelease;
        const m = version.trim().match(options2.loose ? re[t.LOOSE] : re[t.FULL]);
        if (!m) {
          throw new TypeError(`Invalid Version: ${version}`);
        }
        this.raw = version;
        this.major = +m[1];
        this.minor = +m[2];
        this.patch = +m[3];
        if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
          throw new TypeError("Invalid major version");
        }
        if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
          throw new TypeError("Invalid minor version");
        }
        if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
          throw new TypeError("Invalid patch version");
        }
        if (!m[4]) {
          this.prerelease = [];
        } else {
          this.prerelease = m[4].split(".").map((id) => {
            if (/^[0-9]+$/.test(id)) {
              const num = +id;
              if (num >= 0 && num < MAX_SAFE_INTEGER) {
                return num;
              }
            }
            return id;
          });
        }
        this.build = m[5] ? m[5].split(".") : [];
        this.format();
      }
      format() {
        this.version = `${this.major}.${this.minor}.${this.patch}`;
        if (this.prerelease.length) {
          this.version += `-${this.prerelease.join(".")}`;
        }
        return this.version;
      }
      toString() {
        return this.version;
      }
      compare(other) {
        debug2("SemVer.compare", this.version, this.options, other);
        if (!(other instanceof _SemVer)) {
          if (typeof other === "string" && other === this.version) {
            return 0;
          }
          other = new _SemVer(other, this.options);
        }
        if (other.version === this.version) {
          return 0;
        }
        return this.compareMain(other) || this.comparePre(other);
      }
      compareMain(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.major < other.major) {
          return -1;
        }
        if (this.major > other.major) {
          return 1;
        }
        if (this.minor < other.minor) {
          return -1;
        }
        if (this.minor > other.minor) {
          return 1;
        }
        if (this.patch < other.patch) {
          return -1;
        }
        if (this.patch > other.patch) {
          return 1;
        }
        return 0;
      }
      comparePre(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.prerelease.length && !other.prerelease.length) {
          return -1;
        } else if (!this.prerelease.length && other.prerelease.length) {
          return 1;
        } else if (!this.prerelease.length && !other.prerelease.length) {
          return 0;
        }
        let i = 0;
        do {
          const a = this.prerelease[i];
          const b = other.prerelease[i];
          debug2("prerelease compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      compareBuild(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        let i = 0;
        do {
          const a = this.build[i];
          const b = other.build[i];
          debug2("build compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      // preminor will bump the version up to the next minor release, and immediately
      // down to pre-release. premajor and prepatch work the same way.
      inc(release, identifier, identifierBase) {
        if (release.startsWith("pre")) {
          if (!identifier && identifierBase === false) {
            throw new Error("invalid increment argument: identifier is empty");
          }
          if (identifier) {
            const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE]);
            if (!match || match[1] !== identifier) {
              throw new Error(`invalid identifier: ${identifier}`);
            }
          }
        }
        switch (release) {
          case "premajor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor = 0;
            this.major++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "preminor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "prepatch":
            this.prerelease.length = 0;
            this.inc("patch", identifier, identifierBase);
            this.inc("pre", identifier, identifierBase);
            break;
          // If the input is a non-prerelease version, this acts the same as
          // prepatch.
          case "prerelease":
            if (this.prerelease.length === 0) {
              this.inc("patch", identifier, identifierBase);
            }
            this.inc("pre", identifier, identifierBase);
            break;
          case "release":
            if (this.prerelease.length === 0) {
              throw new Error(`version ${this.raw} is not a prerelease`);
            }
            this.prerelease.length = 0;
            break;
          case "major":
            if (this.minor !== 0 || this.patch !== 0 || this.prerelease.length === 0) {
              this.major++;
            }
            this.minor = 0;
            this.patch = 0;
            this.prerelease = [];
            break;
          case "minor":
            if (this.patch !== 0 || this.prerelease.length === 0) {
              this.minor++;
            }
            this.patch = 0;
            this.prerelease = [];
            break;
          case "patch":
            if (this.prerelease.length === 0) {
              this.patch++;
            }
            this.prerelease = [];
            break;
          // This probably shouldn't be used publicly.
          // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
          case "pre": {
            const base = Number(identifierBase) ? 1 : 0;
            if (this.prerelease.length === 0) {
              this.prerelease = [base];
            } else {
              let i = this.prerelease.length;
              while (--i >= 0) {
                if (typeof this.prerelease[i] === "number") {
                  this.prerelease[i]++;
                  i = -2;
                }
              }
              if (i === -1) {
                if (identifier === this.prerelease.join(".") && identifierBase === false) {
                  throw new Error("invalid increment argument: identifier already exists");
                }
                this.prerelease.push(base);
              }
            }
            if (identifier) {
              let prerelease = [identifier, base];
              if (identifierBase === false) {
                prerelease = [identifier];
              }
              if (isPrereleaseIdentifier(this.prerelease, identifier)) {
                const prereleaseBase = this.prerelease[identifier.split(".").length];
                if (isNaN(prereleaseBase)) {
                  this.prerelease = prerelease;
                }
              } else {
                this.prerelease = prerelease;
              }
            }
            break;
          }
          default:
            throw new Error(`invalid increment argument: ${release}`);
        }
        this.raw = this.format();
        if (this.build.length) {
          this.raw += `+${this.build.join(".")}`;
        }
        return this;
      }
    };
    module2.exports = SemVer;
  }
});

// packages/core/node_modules/semver/functions/parse.js
var require_parse = __commonJS({
  "packages/core/node_modules/semver/functions/parse.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var parse = (version, options2, throwErrors = false) => {
      if (version instanceof SemVer) {
        return version;
      }
      try {
        return new SemVer(version, options2);
      } catch (er) {
        if (!throwErrors) {
          return null;
        }
        throw er;
      }
    };
    module2.exports = parse;
  }
});

// packages/core/node_modules/semver/functions/valid.js
var require_valid = __commonJS({
  "packages/core/node_modules/semver/functions/valid.js"(exports2, module2) {
    "use strict";
    var parse = require_parse();
    var valid = (version, options2) => {
      const v = parse(version, options2);
      return v ? v.version : null;
    };
    module2.exports = valid;
  }
});

// packages/core/node_modules/semver/functions/clean.js
var require_clean = __commonJS({
  "packages/core/node_modules/semver/functions/clean.js"(exports2, module2) {
    "use strict";
    var parse = require_parse();
    var clean = (version, options2) => {
      const s = parse(version.trim().replace(/^[=v]+/, ""), options2);
      return s ? s.version : null;
    };
    module2.exports = clean;
  }
});

// packages/core/node_modules/semver/functions/inc.js
var require_inc = __commonJS({
  "packages/core/node_modules/semver/functions/inc.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var inc = (version, release, options2, identifier, identifierBase) => {
      if (typeof options2 === "string") {
        identifierBase = identifier;
        identifier = options2;
        options2 = void 0;
      }
      try {
        return new SemVer(
          version instanceof SemVer ? version.version : version,
          options2
        ).inc(release, identifier, identifierBase).version;
      } catch (er) {
        return null;
      }
    };
    module2.exports = inc;
  }
});

// packages/core/node_modules/semver/functions/diff.js
var require_diff = __commonJS({
  "packages/core/node_modules/semver/functions/diff.js"(exports2, module2) {
    "use strict";
    var parse = require_parse();
    var diff = (version1, version2) => {
      const v1 = parse(version1, null, true);
      const v2 = parse(version2, null, true);
      const comparison = v1.compare(v2);
      if (comparison === 0) {
        return null;
      }
      const v1Higher = comparison > 0;
      const highVersion = v1Higher ? v1 : v2;
      const lowVersion = v1Higher ? v2 : v1;
      const highHasPre = !!highVersion.prerelease.length;
      const lowHasPre = !!lowVersion.prerelease.length;
      if (lowHasPre && !highHasPre) {
        if (!lowVersion.patch && !lowVersion.minor) {
          return "major";
        }
        if (lowVersion.compareMain(highVersion) === 0) {
          if (lowVersion.minor && !lowVersion.patch) {
            return "minor";
          }
          return "patch";
        }
      }
      const prefix = highHasPre ? "pre" : "";
      if (v1.major !== v2.major) {
        return prefix + "major";
      }
      if (v1.minor !== v2.minor) {
        return prefix + "minor";
      }
      if (v1.patch !== v2.patch) {
        return prefix + "patch";
      }
      return "prerelease";
    };
    module2.exports = diff;
  }
});

// packages/core/node_modules/semver/functions/major.js
var require_major = __commonJS({
  "packages/core/node_modules/semver/functions/major.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var major = (a, loose) => new SemVer(a, loose).major;
    module2.exports = major;
  }
});

// packages/core/node_modules/semver/functions/minor.js
var require_minor = __commonJS({
  "packages/core/node_modules/semver/functions/minor.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var minor = (a, loose) => new SemVer(a, loose).minor;
    module2.exports = minor;
  }
});

// packages/core/node_modules/semver/functions/patch.js
var require_patch = __commonJS({
  "packages/core/node_modules/semver/functions/patch.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var patch = (a, loose) => new SemVer(a, loose).patch;
    module2.exports = patch;
  }
});

// packages/core/node_modules/semver/functions/prerelease.js
var require_prerelease = __commonJS({
  "packages/core/node_modules/semver/functions/prerelease.js"(exports2, module2) {
    "use strict";
    var parse = require_parse();
    var prerelease = (version, options2) => {
      const parsed = parse(version, options2);
      return parsed && parsed.prerelease.length ? parsed.prerelease : null;
    };
    module2.exports = prerelease;
  }
});

// packages/core/node_modules/semver/functions/compare.js
var require_compare = __commonJS({
  "packages/core/node_modules/semver/functions/compare.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var compare = (a, b, loose) => new SemVer(a, loose).compare(new SemVer(b, loose));
    module2.exports = compare;
  }
});

// packages/core/node_modules/semver/functions/rcompare.js
var require_rcompare = __commonJS({
  "packages/core/node_modules/semver/functions/rcompare.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var rcompare = (a, b, loose) => compare(b, a, loose);
    module2.exports = rcompare;
  }
});

// packages/core/node_modules/semver/functions/compare-loose.js
var require_compare_loose = __commonJS({
  "packages/core/node_modules/semver/functions/compare-loose.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var compareLoose = (a, b) => compare(a, b, true);
    module2.exports = compareLoose;
  }
});

// packages/core/node_modules/semver/functions/compare-build.js
var require_compare_build = __commonJS({
  "packages/core/node_modules/semver/functions/compare-build.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var compareBuild = (a, b, loose) => {
      const versionA = new SemVer(a, loose);
      const versionB = new SemVer(b, loose);
      return versionA.compare(versionB) || versionA.compareBuild(versionB);
    };
    module2.exports = compareBuild;
  }
});

// packages/core/node_modules/semver/functions/sort.js
var require_sort = __commonJS({
  "packages/core/node_modules/semver/functions/sort.js"(exports2, module2) {
    "use strict";
    var compareBuild = require_compare_build();
    var sort = (list, loose) => list.sort((a, b) => compareBuild(a, b, loose));
    module2.exports = sort;
  }
});

// packages/core/node_modules/semver/functions/rsort.js
var require_rsort = __commonJS({
  "packages/core/node_modules/semver/functions/rsort.js"(exports2, module2) {
    "use strict";
    var compareBuild = require_compare_build();
    var rsort = (list, loose) => list.sort((a, b) => compareBuild(b, a, loose));
    module2.exports = rsort;
  }
});

// packages/core/node_modules/semver/functions/gt.js
var require_gt = __commonJS({
  "packages/core/node_modules/semver/functions/gt.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var gt = (a, b, loose) => compare(a, b, loose) > 0;
    module2.exports = gt;
  }
});

// packages/core/node_modules/semver/functions/lt.js
var require_lt = __commonJS({
  "packages/core/node_modules/semver/functions/lt.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var lt = (a, b, loose) => compare(a, b, loose) < 0;
    module2.exports = lt;
  }
});

// packages/core/node_modules/semver/functions/eq.js
var require_eq = __commonJS({
  "packages/core/node_modules/semver/functions/eq.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var eq = (a, b, loose) => compare(a, b, loose) === 0;
    module2.exports = eq;
  }
});

// packages/core/node_modules/semver/functions/neq.js
var require_neq = __commonJS({
  "packages/core/node_modules/semver/functions/neq.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var neq = (a, b, loose) => compare(a, b, loose) !== 0;
    module2.exports = neq;
  }
});

// packages/core/node_modules/semver/functions/gte.js
var require_gte = __commonJS({
  "packages/core/node_modules/semver/functions/gte.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var gte = (a, b, loose) => compare(a, b, loose) >= 0;
    module2.exports = gte;
  }
});

// packages/core/node_modules/semver/functions/lte.js
var require_lte = __commonJS({
  "packages/core/node_modules/semver/functions/lte.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var lte = (a, b, loose) => compare(a, b, loose) <= 0;
    module2.exports = lte;
  }
});

// packages/core/node_modules/semver/functions/cmp.js
var require_cmp = __commonJS({
  "packages/core/node_modules/semver/functions/cmp.js"(exports2, module2) {
    "use strict";
    var eq = require_eq();
    var neq = require_neq();
    var gt = require_gt();
    var gte = require_gte();
    var lt = require_lt();
    var lte = require_lte();
    var cmp = (a, op, b, loose) => {
      switch (op) {
        case "===":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a === b;
        case "!==":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a !== b;
        case "":
        case "=":
        case "==":
          return eq(a, b, loose);
        case "!=":
          return neq(a, b, loose);
        case ">":
          return gt(a, b, loose);
        case ">=":
          return gte(a, b, loose);
        case "<":
          return lt(a, b, loose);
        case "<=":
          return lte(a, b, loose);
        default:
          throw new TypeError(`Invalid operator: ${op}`);
      }
    };
    module2.exports = cmp;
  }
});

// packages/core/node_modules/semver/functions/coerce.js
var require_coerce = __commonJS({
  "packages/core/node_modules/semver/functions/coerce.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var parse = require_parse();
    var { safeRe: re, t } = require_re();
    var coerce = (version, options2) => {
      if (version instanceof SemVer) {
        return version;
      }
      if (typeof version === "number") {
        version = String(version);
      }
      if (typeof version !== "string") {
        return null;
      }
      options2 = options2 || {};
      let match = null;
      if (!options2.rtl) {
        match = version.match(options2.includePrerelease ? re[t.COERCEFULL] : re[t.COERCE]);
      } else {
        const coerceRtlRegex = options2.includePrerelease ? re[t.COERCERTLFULL] : re[t.COERCERTL];
        let next;
        while ((next = coerceRtlRegex.exec(version)) && (!match || match.index + match[0].length !== version.length)) {
          if (!match || next.index + next[0].length !== match.index + match[0].length) {
            match = next;
          }
          coerceRtlRegex.lastIndex = next.index + next[1].length + next[2].length;
        }
        coerceRtlRegex.lastIndex = -1;
      }
      if (match === null) {
        return null;
      }
      const major = match[2];
      const minor = match[3] || "0";
      const patch = match[4] || "0";
      const prerelease = options2.includePrerelease && match[5] ? `-${match[5]}` : "";
      const build = options2.includePrerelease && match[6] ? `+${match[6]}` : "";
      return parse(`${major}.${minor}.${patch}${prerelease}${build}`, options2);
    };
    module2.exports = coerce;
  }
});

// packages/core/node_modules/semver/functions/truncate.js
var require_truncate = __commonJS({
  "packages/core/node_modules/semver/functions/truncate.js"(exports2, module2) {
    "use strict";
    var parse = require_parse();
    var constants3 = require_constants();
    var SemVer = require_semver();
    var truncate = (version, truncation, options2) => {
      if (!constants3.RELEASE_TYPES.includes(truncation)) {
        return null;
      }
      const clonedVersion = cloneInputVersion(version, options2);
      return clonedVersion && doTruncation(clonedVersion, truncation);
    };
    var cloneInputVersion = (version, options2) => {
      const versionStringToParse = version instanceof SemVer ? version.version : version;
      return parse(versionStringToParse, options2);
    };
    var doTruncation = (version, truncation) => {
      if (isPrerelease(truncation)) {
        return version.version;
      }
      version.prerelease = [];
      switch (truncation) {
        case "major":
          version.minor = 0;
          version.patch = 0;
          break;
        case "minor":
          version.patch = 0;
          break;
      }
      return version.format();
    };
    var isPrerelease = (type) => {
      return type.startsWith("pre");
    };
    module2.exports = truncate;
  }
});

// packages/core/node_modules/semver/internal/lrucache.js
var require_lrucache = __commonJS({
  "packages/core/node_modules/semver/internal/lrucache.js"(exports2, module2) {
    "use strict";
    var LRUCache = class {
      constructor() {
        this.max = 1e3;
        this.map = /* @__PURE__ */ new Map();
      }
      get(key) {
        const value = this.map.get(key);
        if (value === void 0) {
          return void 0;
        } else {
          this.map.delete(key);
          this.map.set(key, value);
          return value;
        }
      }
      delete(key) {
        return this.map.delete(key);
      }
      set(key, value) {
        const deleted = this.delete(key);
        if (!deleted && value !== void 0) {
          if (this.map.size >= this.max) {
            const firstKey = this.map.keys().next().value;
            this.delete(firstKey);
          }
          this.map.set(key, value);
        }
        return this;
      }
    };
    module2.exports = LRUCache;
  }
});

// packages/core/node_modules/semver/internal/trim-comparator-whitespace.js
var require_trim_comparator_whitespace = __commonJS({
  "packages/core/node_modules/semver/internal/trim-comparator-whitespace.js"(exports2, module2) {
    "use strict";
    var {
      MAX_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      WHITESPACE_CHARACTERS
    } = require_constants();
    var whitespace = new Uint8Array(65536);
    for (const char of WHITESPACE_CHARACTERS) {
      whitespace[char.charCodeAt(0)] = 1;
    }
    var isWhitespace = (char) => char !== void 0 && whitespace[char.charCodeAt(0)] === 1;
    var isVersionPrefix = (char) => char === "v" || char === "=" || isWhitespace(char);
    var isDigit = (char) => char !== void 0 && char >= "0" && char <= "9";
    var isLetter = (char) => char !== void 0 && (char >= "a" && char <= "z" || char >= "A" && char <= "Z");
    var isIdentifierCharacter = (char) => isDigit(char) || isLetter(char) || char === "-";
    var isVersionStart = (char) => isDigit(char) || char === "x" || char === "X" || char === "*";
    var findDigitsEndIndex = (range, start, limit, digitRuns) => {
      if (!isDigit(range[start])) {
        return start;
      }
      if (start >= digitRuns.start && start < digitRuns.end) {
        return Math.min(start + limit, digitRuns.end);
      }
      if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
        return Math.min(start + limit, digitRuns.previousEnd);
      }
      let end = start + 1;
      while (isDigit(range[end])) {
        end++;
      }
      digitRuns.previousStart = digitRuns.start;
      digitRuns.previousEnd = digitRuns.end;
      digitRuns.start = start;
      digitRuns.end = end;
      return Math.min(start + limit, end);
    };
    var findVersionNumberEndIndex = (range, start, loose, digitRuns) => {
      if (!loose && range[start] === "0") {
        return start + 1;
      }
      return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns);
    };
    var findPrereleaseIdentifierEndIndex = (range, start, loose, digitRuns) => {
      const digitsEnd = findDigitsEndIndex(range, start, MAX_LENGTH, digitRuns);
      if (isLetter(range[digitsEnd]) || range[digitsEnd] === "-") {
        let end = digitsEnd + 1;
        const limit = end + MAX_SAFE_BUILD_LENGTH;
        while (end < limit && isIdentifierCharacter(range[end])) {
          end++;
        }
        return end;
      }
      return findVersionNumberEndIndex(range, start, loose, digitRuns);
    };
    var findPrereleaseEndIndex = (range, start, loose, digitRuns) => {
      const hyphen = range[start] === "-";
      if (!loose && !hyphen) {
        return start;
      }
      const identifierStart = start + (hyphen ? 1 : 0);
      let end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns);
      if (end === identifierStart) {
        if (!loose || !hyphen) {
          return start;
        }
        end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns);
      }
      while (range[end] === ".") {
        const next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findBuildIdentifierEndIndex = (range, start) => {
      let end = start;
      while (end - start < MAX_SAFE_BUILD_LENGTH && isIdentifierCharacter(range[end])) {
        end++;
      }
      return end;
    };
    var findBuildEndIndex = (range, start) => {
      if (range[start] !== "+") {
        return start;
      }
      let end = findBuildIdentifierEndIndex(range, start + 1);
      if (end === start + 1) {
        return start;
      }
      while (range[end] === ".") {
        const next = findBuildIdentifierEndIndex(range, end + 1);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findLooseFullVersionEndIndex = (range, start, digitRuns) => {
      let end = start;
      for (let component = 0; component < 3; component++) {
        const next = findVersionNumberEndIndex(range, end, true, digitRuns);
        if (next === end) {
          return start;
        }
        end = next;
        if (component < 2) {
          if (range[end] !== ".") {
            return start;
          }
          end++;
        }
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, true, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findPartialVersionComponentEndIndex = (range, start, digitRuns) => {
      if (isDigit(range[start])) {
        return findVersionNumberEndIndex(range, start, false, digitRuns);
      }
      return isVersionStart(range[start]) ? start + 1 : start;
    };
    var findPartialVersionEndIndex = (range, start, digitRuns) => {
      let end = findPartialVersionComponentEndIndex(range, start, digitRuns);
      for (let component = 0; component < 2; component++) {
        if (range[end] !== ".") {
          return end;
        }
        const next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns);
        if (next === end + 1) {
          return end;
        }
        end = next;
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, false, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findVersionEndIndex = (range, start, digitRuns) => {
      const fullVersionEnd = findLooseFullVersionEndIndex(range, start, digitRuns);
      return fullVersionEnd !== start ? fullVersionEnd : findPartialVersionEndIndex(range, start, digitRuns);
    };
    var findRemovableWhitespaceIndex = (range, matchStart) => {
      let position = matchStart;
      if (isWhitespace(range[position])) {
        position++;
      }
      if (range[position] === "<" || range[position] === ">") {
        position++;
      }
      if (range[position] === "=") {
        position++;
      }
      return isWhitespace(range[position]) ? position : -1;
    };
    var trimComparatorWhitespace = (range) => {
      let result = "";
      let copyFrom = 0;
      let cursor = 0;
      const digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 };
      while (cursor < range.length) {
        const matchStart = cursor;
        if (range[cursor] === "<" || range[cursor] === ">") {
          cursor++;
        } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
          cursor++;
          continue;
        }
        while (cursor < range.length && isVersionPrefix(range[cursor])) {
          cursor++;
        }
        if (!isVersionStart(range[cursor])) {
          continue;
        }
        const whitespacePosition = findRemovableWhitespaceIndex(range, matchStart);
        if (whitespacePosition !== -1) {
          result += range.slice(copyFrom, whitespacePosition);
          copyFrom = whitespacePosition + 1;
        }
        cursor = findVersionEndIndex(range, cursor, digitRuns);
      }
      return result + range.slice(copyFrom);
    };
    module2.exports = trimComparatorWhitespace;
  }
});

// packages/core/node_modules/semver/classes/range.js
var require_range = __commonJS({
  "packages/core/node_modules/semver/classes/range.js"(exports2, module2) {
    "use strict";
    var SPACE_CHARACTERS = /\s+/g;
    var Range = class _Range {
      constructor(range, options2) {
        options2 = parseOptions(options2);
        if (range instanceof _Range) {
          if (range.loose === !!options2.loose && range.includePrerelease === !!options2.includePrerelease) {
            return range;
          } else {
            return new _Range(range.raw, options2);
          }
        }
        if (range instanceof Comparator) {
          this.raw = range.value;
          this.set = [[range]];
          this.formatted = void 0;
          return this;
        }
        this.options = options2;
        this.loose = !!options2.loose;
        this.includePrerelease = !!options2.includePrerelease;
        this.raw = range.trim().replace(SPACE_CHARACTERS, " ");
        this.set = this.raw.split("||").map((r) => this.parseRange(r.trim())).filter((c) => c.length);
        if (!this.set.length) {
          throw new TypeError(`Invalid SemVer Range: ${this.raw}`);
        }
        if (this.set.length > 1) {
          const first = this.set[0];
          this.set = this.set.filter((c) => !isNullSet(c[0]));
          if (this.set.length === 0) {
            this.set = [first];
          } else if (this.set.length > 1) {
            for (const c of this.set) {
              if (c.length === 1 && isAny(c[0])) {
                this.set = [c];
                break;
              }
            }
          }
        }
        this.formatted = void 0;
      }
      get range() {
        if (this.formatted === void 0) {
          this.formatted = "";
          for (let i = 0; i < this.set.length; i++) {
            if (i > 0) {
              this.formatted += "||";
            }
            const comps = this.set[i];
            for (let k = 0; k < comps.length; k++) {
              if (k > 0) {
                this.formatted += " ";
              }
              this.formatted += comps[k].toString().trim();
            }
          }
        }
        return this.formatted;
      }
      format() {
        return this.range;
      }
      toString() {
        return this.range;
      }
      parseRange(range) {
        range = range.replace(BUILDSTRIPRE, "");
        const memoOpts = (this.options.includePrerelease && FLAG_INCLUDE_PRERELEASE) | (this.options.loose && FLAG_LOOSE);
        const memoKey = memoOpts + ":" + range;
        const cached = cache.get(memoKey);
        if (cached) {
          return cached;
        }
        const loose = this.options.loose;
        const hr = loose ? re[t.HYPHENRANGELOOSE] : re[t.HYPHENRANGE];
        range = range.replace(hr, hyphenReplace(this.options.includePrerelease));
        debug2("hyphen replace", range);
        range = trimComparatorWhitespace(range);
        debug2("comparator trim", range);
        range = range.replace(re[t.TILDETRIM], tildeTrimReplace);
        debug2("tilde trim", range);
        range = range.replace(re[t.CARETTRIM], caretTrimReplace);
        debug2("caret trim", range);
        let rangeList = range.split(" ").map((comp) => parseComparator(comp, this.options)).join(" ").split(/\s+/).map((comp) => replaceGTE0(comp, this.options));
        if (loose) {
          rangeList = rangeList.filter((comp) => {
            debug2("loose invalid filter", comp, this.options);
            return !!comp.match(re[t.COMPARATORLOOSE]);
          });
        }
        debug2("range list", rangeList);
        const rangeMap = /* @__PURE__ */ new Map();
        const comparators = rangeList.map((comp) => new Comparator(comp, this.options));
        for (const comp of comparators) {
          if (isNullSet(comp)) {
            return [comp];
          }
          rangeMap.set(comp.value, comp);
        }
        if (rangeMap.size > 1 && rangeMap.has("")) {
          rangeMap.delete("");
        }
        const result = [...rangeMap.values()];
        cache.set(memoKey, result);
        return result;
      }
      intersects(range, options2) {
        if (!(range instanceof _Range)) {
          throw new TypeError("a Range is required");
        }
        return this.set.some((thisComparators) => {
          return isSatisfiable(thisComparators, options2) && range.set.some((rangeComparators) => {
            return isSatisfiable(rangeComparators, options2) && thisComparators.every((thisComparator) => {
              return rangeComparators.every((rangeComparator) => {
                return thisComparator.intersects(rangeComparator, options2);
              });
            });
          });
        });
      }
      // if ANY of the sets match ALL of its comparators, then pass
      test(version) {
        if (!version) {
          return false;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        for (let i = 0; i < this.set.length; i++) {
          if (testSet(this.set[i], version, this.options)) {
            return true;
          }
        }
        return false;
      }
    };
    module2.exports = Range;
    var LRU = require_lrucache();
    var cache = new LRU();
    var parseOptions = require_parse_options();
    var Comparator = require_comparator();
    var debug2 = require_debug();
    var SemVer = require_semver();
    var trimComparatorWhitespace = require_trim_comparator_whitespace();
    var {
      safeRe: re,
      src,
      t,
      tildeTrimReplace,
      caretTrimReplace
    } = require_re();
    var { FLAG_INCLUDE_PRERELEASE, FLAG_LOOSE } = require_constants();
    var BUILDSTRIPRE = new RegExp(src[t.BUILD], "g");
    var isNullSet = (c) => c.value === "<0.0.0-0";
    var isAny = (c) => c.value === "";
    var isSatisfiable = (comparators, options2) => {
      let result = true;
      const remainingComparators = comparators.slice();
      let testComparator = remainingComparators.pop();
      while (result && remainingComparators.length) {
        result = remainingComparators.every((otherComparator) => {
          return testComparator.intersects(otherComparator, options2);
        });
        testComparator = remainingComparators.pop();
      }
      return result;
    };
    var parseComparator = (comp, options2) => {
      comp = comp.replace(re[t.BUILD], "");
      debug2("comp", comp, options2);
      comp = replaceCarets(comp, options2);
      debug2("caret", comp);
      comp = replaceTildes(comp, options2);
      debug2("tildes", comp);
      comp = replaceXRanges(comp, options2);
      debug2("xrange", comp);
      comp = replaceStars(comp, options2);
      debug2("stars", comp);
      return comp;
    };
    var isX = (id) => !id || id.toLowerCase() === "x" || id === "*";
    var invalidXRangeOrder = (M, m, p) => isX(M) && !isX(m) || isX(m) && p && !isX(p);
    var replaceTildes = (comp, options2) => {
      return comp.trim().split(/\s+/).map((c) => replaceTilde(c, options2)).join(" ");
    };
    var replaceTilde = (comp, options2) => {
      const r = options2.loose ? re[t.TILDELOOSE] : re[t.TILDE];
      const z = options2.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug2("tilde", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
        } else if (pr) {
          debug2("replaceTilde pr", pr);
          ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
        } else {
          ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
        }
        debug2("tilde return", ret);
        return ret;
      });
    };
    var replaceCarets = (comp, options2) => {
      return comp.trim().split(/\s+/).map((c) => replaceCaret(c, options2)).join(" ");
    };
    var replaceCaret = (comp, options2) => {
      debug2("caret", comp, options2);
      const r = options2.loose ? re[t.CARETLOOSE] : re[t.CARET];
      const z = options2.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug2("caret", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          if (M === "0") {
            ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
          } else {
            ret = `>=${M}.${m}.0${z} <${+M + 1}.0.0-0`;
          }
        } else if (pr) {
          debug2("replaceCaret pr", pr);
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p}-${pr} <${+M + 1}.0.0-0`;
          }
        } else {
          debug2("no pr");
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p} <${+M + 1}.0.0-0`;
          }
        }
        debug2("caret return", ret);
        return ret;
      });
    };
    var replaceXRanges = (comp, options2) => {
      debug2("replaceXRanges", comp, options2);
      return comp.split(/\s+/).map((c) => replaceXRange(c, options2)).join(" ");
    };
    var replaceXRange = (comp, options2) => {
      comp = comp.trim();
      const r = options2.loose ? re[t.XRANGELOOSE] : re[t.XRANGE];
      return comp.replace(r, (ret, gtlt, M, m, p, pr) => {
        debug2("xRange", comp, ret, gtlt, M, m, p, pr);
        if (invalidXRangeOrder(M, m, p)) {
          return comp;
        }
        const xM = isX(M);
        const xm = xM || isX(m);
        const xp = xm || isX(p);
        const anyX = xp;
        if (gtlt === "=" && anyX) {
          gtlt = "";
        }
        pr = options2.includePrerelease ? "-0" : "";
        if (xM) {
          if (gtlt === ">" || gtlt === "<") {
            ret = "<0.0.0-0";
          } else {
            ret = "*";
          }
        } else if (gtlt && anyX) {
          if (xm) {
            m = 0;
          }
          p = 0;
          if (gtlt === ">") {
            gtlt = ">=";
            if (xm) {
              M = +M + 1;
              m = 0;
              p = 0;
            } else {
              m = +m + 1;
              p = 0;
            }
          } else if (gtlt === "<=") {
            gtlt = "<";
            if (xm) {
              M = +M + 1;
            } else {
              m = +m + 1;
            }
          }
          if (gtlt === "<") {
            pr = "-0";
          }
          ret = `${gtlt + M}.${m}.${p}${pr}`;
        } else if (xm) {
          ret = `>=${M}.0.0${pr} <${+M + 1}.0.0-0`;
        } else if (xp) {
          ret = `>=${M}.${m}.0${pr} <${M}.${+m + 1}.0-0`;
        }
        debug2("xRange return", ret);
        return ret;
      });
    };
    var replaceStars = (comp, options2) => {
      debug2("replaceStars", comp, options2);
      return comp.trim().replace(re[t.STAR], "");
    };
    var replaceGTE0 = (comp, options2) => {
      debug2("replaceGTE0", comp, options2);
      return comp.trim().replace(re[options2.includePrerelease ? t.GTE0PRE : t.GTE0], "");
    };
    var hyphenReplace = (incPr) => ($0, from, fM, fm, fp, fpr, fb, to, tM, tm, tp, tpr) => {
      if (isX(fM)) {
        from = "";
      } else if (isX(fm)) {
        from = `>=${fM}.0.0${incPr ? "-0" : ""}`;
      } else if (isX(fp)) {
        from = `>=${fM}.${fm}.0${incPr ? "-0" : ""}`;
      } else if (fpr) {
        from = `>=${from}`;
      } else {
        from = `>=${from}${incPr ? "-0" : ""}`;
      }
      if (isX(tM)) {
        to = "";
      } else if (isX(tm)) {
        to = `<${+tM + 1}.0.0-0`;
      } else if (isX(tp)) {
        to = `<${tM}.${+tm + 1}.0-0`;
      } else if (tpr) {
        to = `<=${tM}.${tm}.${tp}-${tpr}`;
      } else if (incPr) {
        to = `<${tM}.${tm}.${+tp + 1}-0`;
      } else {
        to = `<=${to}`;
      }
      return `${from} ${to}`.trim();
    };
    var testSet = (set, version, options2) => {
      for (let i = 0; i < set.length; i++) {
        if (!set[i].test(version)) {
          return false;
        }
      }
      if (version.prerelease.length && !options2.includePrerelease) {
        for (let i = 0; i < set.length; i++) {
          debug2(set[i].semver);
          if (set[i].semver === Comparator.ANY) {
            continue;
          }
          if (set[i].semver.prerelease.length > 0) {
            const allowed = set[i].semver;
            if (allowed.major === version.major && allowed.minor === version.minor && allowed.patch === version.patch) {
              return true;
            }
          }
        }
        return false;
      }
      return true;
    };
  }
});

// packages/core/node_modules/semver/classes/comparator.js
var require_comparator = __commonJS({
  "packages/core/node_modules/semver/classes/comparator.js"(exports2, module2) {
    "use strict";
    var ANY = /* @__PURE__ */ Symbol("SemVer ANY");
    var Comparator = class _Comparator {
      static get ANY() {
        return ANY;
      }
      constructor(comp, options2) {
        options2 = parseOptions(options2);
        if (comp instanceof _Comparator) {
          if (comp.loose === !!options2.loose) {
            return comp;
          } else {
            comp = comp.value;
          }
        }
        comp = comp.trim().split(/\s+/).join(" ");
        debug2("comparator", comp, options2);
        this.options = options2;
        this.loose = !!options2.loose;
        this.parse(comp);
        if (this.semver === ANY) {
          this.value = "";
        } else {
          this.value = this.operator + this.semver.version;
        }
        debug2("comp", this);
      }
      parse(comp) {
        const r = this.options.loose ? re[t.COMPARATORLOOSE] : re[t.COMPARATOR];
        const m = comp.match(r);
        if (!m) {
          throw new TypeError(`Invalid comparator: ${comp}`);
        }
        this.operator = m[1] !== void 0 ? m[1] : "";
        if (this.operator === "=") {
          this.operator = "";
        }
        if (!m[2]) {
          this.semver = ANY;
        } else {
          this.semver = new SemVer(m[2], this.options.loose);
        }
      }
      toString() {
        return this.value;
      }
      test(version) {
        debug2("Comparator.test", version, this.options.loose);
        if (this.semver === ANY || version === ANY) {
          return true;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        return cmp(version, this.operator, this.semver, this.options);
      }
      intersects(comp, options2) {
        if (!(comp instanceof _Comparator)) {
          throw new TypeError("a Comparator is required");
        }
        if (this.operator === "") {
          if (this.value === "") {
            return true;
          }
          return new Range(comp.value, options2).test(this.value);
        } else if (comp.operator === "") {
          if (comp.value === "") {
            return true;
          }
          return new Range(this.value, options2).test(comp.semver);
        }
        options2 = parseOptions(options2);
        if (options2.includePrerelease && (this.value === "<0.0.0-0" || comp.value === "<0.0.0-0")) {
          return false;
        }
        if (!options2.includePrerelease && (this.value.startsWith("<0.0.0") || comp.value.startsWith("<0.0.0"))) {
          return false;
        }
        if (this.operator.startsWith(">") && comp.operator.startsWith(">")) {
          return true;
        }
        if (this.operator.startsWith("<") && comp.operator.startsWith("<")) {
          return true;
        }
        if (this.semver.version === comp.semver.version && this.operator.includes("=") && comp.operator.includes("=")) {
          return true;
        }
        if (cmp(this.semver, "<", comp.semver, options2) && this.operator.startsWith(">") && comp.operator.startsWith("<")) {
          return true;
        }
        if (cmp(this.semver, ">", comp.semver, options2) && this.operator.startsWith("<") && comp.operator.startsWith(">")) {
          return true;
        }
        return false;
      }
    };
    module2.exports = Comparator;
    var parseOptions = require_parse_options();
    var { safeRe: re, t } = require_re();
    var cmp = require_cmp();
    var debug2 = require_debug();
    var SemVer = require_semver();
    var Range = require_range();
  }
});

// packages/core/node_modules/semver/functions/satisfies.js
var require_satisfies = __commonJS({
  "packages/core/node_modules/semver/functions/satisfies.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var satisfies = (version, range, options2) => {
      try {
        range = new Range(range, options2);
      } catch (er) {
        return false;
      }
      return range.test(version);
    };
    module2.exports = satisfies;
  }
});

// packages/core/node_modules/semver/ranges/to-comparators.js
var require_to_comparators = __commonJS({
  "packages/core/node_modules/semver/ranges/to-comparators.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var toComparators = (range, options2) => new Range(range, options2).set.map((comp) => comp.map((c) => c.value).join(" ").trim().split(" "));
    module2.exports = toComparators;
  }
});

// packages/core/node_modules/semver/ranges/max-satisfying.js
var require_max_satisfying = __commonJS({
  "packages/core/node_modules/semver/ranges/max-satisfying.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var maxSatisfying = (versions, range, options2) => {
      let max = null;
      let maxSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range(range, options2);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!max || maxSV.compare(v) === -1) {
            max = v;
            maxSV = new SemVer(max, options2);
          }
        }
      });
      return max;
    };
    module2.exports = maxSatisfying;
  }
});

// packages/core/node_modules/semver/ranges/min-satisfying.js
var require_min_satisfying = __commonJS({
  "packages/core/node_modules/semver/ranges/min-satisfying.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var minSatisfying = (versions, range, options2) => {
      let min = null;
      let minSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range(range, options2);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!min || minSV.compare(v) === 1) {
            min = v;
            minSV = new SemVer(min, options2);
          }
        }
      });
      return min;
    };
    module2.exports = minSatisfying;
  }
});

// packages/core/node_modules/semver/ranges/min-version.js
var require_min_version = __commonJS({
  "packages/core/node_modules/semver/ranges/min-version.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var gt = require_gt();
    var minVersion = (range, loose) => {
      range = new Range(range, loose);
      let minver = new SemVer("0.0.0");
      if (range.test(minver)) {
        return minver;
      }
      minver = new SemVer("0.0.0-0");
      if (range.test(minver)) {
        return minver;
      }
      minver = null;
      for (let i = 0; i < range.set.length; ++i) {
        const comparators = range.set[i];
        let setMin = null;
        comparators.forEach((comparator) => {
          const compver = new SemVer(comparator.semver.version);
          switch (comparator.operator) {
            case ">":
              if (compver.prerelease.length === 0) {
                compver.patch++;
              } else {
                compver.prerelease.push(0);
              }
              compver.raw = compver.format();
            /* fallthrough */
            case "":
            case ">=":
              if (!setMin || gt(compver, setMin)) {
                setMin = compver;
              }
              break;
            case "<":
            case "<=":
              break;
            /* istanbul ignore next */
            default:
              throw new Error(`Unexpected operation: ${comparator.operator}`);
          }
        });
        if (setMin && (!minver || gt(minver, setMin))) {
          minver = setMin;
        }
      }
      if (minver && range.test(minver)) {
        return minver;
      }
      return null;
    };
    module2.exports = minVersion;
  }
});

// packages/core/node_modules/semver/ranges/valid.js
var require_valid2 = __commonJS({
  "packages/core/node_modules/semver/ranges/valid.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var validRange = (range, options2) => {
      try {
        return new Range(range, options2).range || "*";
      } catch (er) {
        return null;
      }
    };
    module2.exports = validRange;
  }
});

// packages/core/node_modules/semver/ranges/outside.js
var require_outside = __commonJS({
  "packages/core/node_modules/semver/ranges/outside.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var Comparator = require_comparator();
    var { ANY } = Comparator;
    var Range = require_range();
    var satisfies = require_satisfies();
    var gt = require_gt();
    var lt = require_lt();
    var lte = require_lte();
    var gte = require_gte();
    var outside = (version, range, hilo, options2) => {
      version = new SemVer(version, options2);
      range = new Range(range, options2);
      let gtfn, ltefn, ltfn, comp, ecomp;
      switch (hilo) {
        case ">":
          gtfn = gt;
          ltefn = lte;
          ltfn = lt;
          comp = ">";
          ecomp = ">=";
          break;
        case "<":
          gtfn = lt;
          ltefn = gte;
          ltfn = gt;
          comp = "<";
          ecomp = "<=";
          break;
        default:
          throw new TypeError('Must provide a hilo val of "<" or ">"');
      }
      if (satisfies(version, range, options2)) {
        return false;
      }
      for (let i = 0; i < range.set.length; ++i) {
        const comparators = range.set[i];
        let high = null;
        let low = null;
        comparators.forEach((comparator) => {
          if (comparator.semver === ANY) {
            comparator = new Comparator(">=0.0.0");
          }
          high = high || comparator;
          low = low || comparator;
          if (gtfn(comparator.semver, high.semver, options2)) {
            high = comparator;
          } else if (ltfn(comparator.semver, low.semver, options2)) {
            low = comparator;
          }
        });
        if (high.operator === comp || high.operator === ecomp) {
          return false;
        }
        if ((!low.operator || low.operator === comp) && ltefn(version, low.semver)) {
          return false;
        } else if (low.operator === ecomp && ltfn(version, low.semver)) {
          return false;
        }
      }
      return true;
    };
    module2.exports = outside;
  }
});

// packages/core/node_modules/semver/ranges/gtr.js
var require_gtr = __commonJS({
  "packages/core/node_modules/semver/ranges/gtr.js"(exports2, module2) {
    "use strict";
    var outside = require_outside();
    var gtr = (version, range, options2) => outside(version, range, ">", options2);
    module2.exports = gtr;
  }
});

// packages/core/node_modules/semver/ranges/ltr.js
var require_ltr = __commonJS({
  "packages/core/node_modules/semver/ranges/ltr.js"(exports2, module2) {
    "use strict";
    var outside = require_outside();
    var ltr = (version, range, options2) => outside(version, range, "<", options2);
    module2.exports = ltr;
  }
});

// packages/core/node_modules/semver/ranges/intersects.js
var require_intersects = __commonJS({
  "packages/core/node_modules/semver/ranges/intersects.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var intersects = (r1, r2, options2) => {
      r1 = new Range(r1, options2);
      r2 = new Range(r2, options2);
      return r1.intersects(r2, options2);
    };
    module2.exports = intersects;
  }
});

// packages/core/node_modules/semver/ranges/simplify.js
var require_simplify = __commonJS({
  "packages/core/node_modules/semver/ranges/simplify.js"(exports2, module2) {
    "use strict";
    var satisfies = require_satisfies();
    var compare = require_compare();
    module2.exports = (versions, range, options2) => {
      const set = [];
      let first = null;
      let prev = null;
      const v = versions.sort((a, b) => compare(a, b, options2));
      for (const version of v) {
        const included = satisfies(version, range, options2);
        if (included) {
          prev = version;
          if (!first) {
            first = version;
          }
        } else {
          if (prev) {
            set.push([first, prev]);
          }
          prev = null;
          first = null;
        }
      }
      if (first) {
        set.push([first, null]);
      }
      const ranges = [];
      for (const [min, max] of set) {
        if (min === max) {
          ranges.push(min);
        } else if (!max && min === v[0]) {
          ranges.push("*");
        } else if (!max) {
          ranges.push(`>=${min}`);
        } else if (min === v[0]) {
          ranges.push(`<=${max}`);
        } else {
          ranges.push(`${min} - ${max}`);
        }
      }
      const simplified = ranges.join(" || ");
      const original = typeof range.raw === "string" ? range.raw : String(range);
      return simplified.length < original.length ? simplified : range;
    };
  }
});

// packages/core/node_modules/semver/ranges/subset.js
var require_subset = __commonJS({
  "packages/core/node_modules/semver/ranges/subset.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var Comparator = require_comparator();
    var { ANY } = Comparator;
    var satisfies = require_satisfies();
    var compare = require_compare();
    var subset = (sub, dom, options2 = {}) => {
      if (sub === dom) {
        return true;
      }
      sub = new Range(sub, options2);
      dom = new Range(dom, options2);
      let sawNonNull = false;
      OUTER: for (const simpleSub of sub.set) {
        for (const simpleDom of dom.set) {
          const isSub = simpleSubset(simpleSub, simpleDom, options2);
          sawNonNull = sawNonNull || isSub !== null;
          if (isSub) {
            continue OUTER;
          }
        }
        if (sawNonNull) {
          return false;
        }
      }
      return true;
    };
    var minimumVersionWithPreRelease = [new Comparator(">=0.0.0-0")];
    var minimumVersion = [new Comparator(">=0.0.0")];
    var simpleSubset = (sub, dom, options2) => {
      if (sub === dom) {
        return true;
      }
      if (sub.length === 1 && sub[0].semver === ANY) {
        if (dom.length === 1 && dom[0].semver === ANY) {
          return true;
        } else if (options2.includePrerelease) {
          sub = minimumVersionWithPreRelease;
        } else {
          sub = minimumVersion;
        }
      }
      if (dom.length === 1 && dom[0].semver === ANY) {
        if (options2.includePrerelease) {
          return true;
        } else {
          dom = minimumVersion;
        }
      }
      const eqSet = /* @__PURE__ */ new Set();
      let gt, lt;
      for (const c of sub) {
        if (c.operator === ">" || c.operator === ">=") {
          gt = higherGT(gt, c, options2);
        } else if (c.operator === "<" || c.operator === "<=") {
          lt = lowerLT(lt, c, options2);
        } else {
          eqSet.add(c.semver);
        }
      }
      if (eqSet.size > 1) {
        return null;
      }
      let gtltComp;
      if (gt && lt) {
        gtltComp = compare(gt.semver, lt.semver, options2);
        if (gtltComp > 0) {
          return null;
        } else if (gtltComp === 0 && (gt.operator !== ">=" || lt.operator !== "<=")) {
          return null;
        }
      }
      for (const eq of eqSet) {
        if (gt && !satisfies(eq, String(gt), options2)) {
          return null;
        }
        if (lt && !satisfies(eq, String(lt), options2)) {
          return null;
        }
        for (const c of dom) {
          if (!satisfies(eq, String(c), options2)) {
            return false;
          }
        }
        return true;
      }
      let higher, lower;
      let hasDomLT, hasDomGT;
      let needDomLTPre = lt && !options2.includePrerelease && lt.semver.prerelease.length ? lt.semver : false;
      let needDomGTPre = gt && !options2.includePrerelease && gt.semver.prerelease.length ? gt.semver : false;
      if (needDomLTPre && needDomLTPre.prerelease.length === 1 && lt.operator === "<" && needDomLTPre.prerelease[0] === 0) {
        needDomLTPre = false;
      }
      for (const c of dom) {
        hasDomGT = hasDomGT || c.operator === ">" || c.operator === ">=";
        hasDomLT = hasDomLT || c.operator === "<" || c.operator === "<=";
        if (gt) {
          if (needDomGTPre) {
            if (c.semver.prerelease && c.semver.prerelease.length && c.semver.major === needDomGTPre.major && c.semver.minor === needDomGTPre.minor && c.semver.patch === needDomGTPre.patch) {
              needDomGTPre = false;
            }
          }
          if (c.operator === ">" || c.operator === ">=") {
            higher = higherGT(gt, c, options2);
            if (higher === c && higher !== gt) {
              return false;
            }
          } else if (gt.operator === ">=" && !c.test(gt.semver)) {
            return false;
          }
        }
        if (lt) {
          if (needDomLTPre) {
            if (c.semver.prerelease && c.semver.prerelease.length && c.semver.major === needDomLTPre.major && c.semver.minor === needDomLTPre.minor && c.semver.patch === needDomLTPre.patch) {
              needDomLTPre = false;
            }
          }
          if (c.operator === "<" || c.operator === "<=") {
            lower = lowerLT(lt, c, options2);
            if (lower === c && lower !== lt) {
              return false;
            }
          } else if (lt.operator === "<=" && !c.test(lt.semver)) {
            return false;
          }
        }
        if (!c.operator && (lt || gt) && gtltComp !== 0) {
          return false;
        }
      }
      if (gt && hasDomLT && !lt && gtltComp !== 0) {
        return false;
      }
      if (lt && hasDomGT && !gt && gtltComp !== 0) {
        return false;
      }
      if (needDomGTPre || needDomLTPre) {
        return false;
      }
      return true;
    };
    var higherGT = (a, b, options2) => {
      if (!a) {
        return b;
      }
      const comp = compare(a.semver, b.semver, options2);
      return comp > 0 ? a : comp < 0 ? b : b.operator === ">" && a.operator === ">=" ? b : a;
    };
    var lowerLT = (a, b, options2) => {
      if (!a) {
        return b;
      }
      const comp = compare(a.semver, b.semver, options2);
      return comp < 0 ? a : comp > 0 ? b : b.operator === "<" && a.operator === "<=" ? b : a;
    };
    module2.exports = subset;
  }
});

// packages/core/node_modules/semver/index.js
var require_semver2 = __commonJS({
  "packages/core/node_modules/semver/index.js"(exports2, module2) {
    "use strict";
    var internalRe = require_re();
    var constants3 = require_constants();
    var SemVer = require_semver();
    var identifiers = require_identifiers();
    var parse = require_parse();
    var valid = require_valid();
    var clean = require_clean();
    var inc = require_inc();
    var diff = require_diff();
    var major = require_major();
    var minor = require_minor();
    var patch = require_patch();
    var prerelease = require_prerelease();
    var compare = require_compare();
    var rcompare = require_rcompare();
    var compareLoose = require_compare_loose();
    var compareBuild = require_compare_build();
    var sort = require_sort();
    var rsort = require_rsort();
    var gt = require_gt();
    var lt = require_lt();
    var eq = require_eq();
    var neq = require_neq();
    var gte = require_gte();
    var lte = require_lte();
    var cmp = require_cmp();
    var coerce = require_coerce();
    var truncate = require_truncate();
    var Comparator = require_comparator();
    var Range = require_range();
    var satisfies = require_satisfies();
    var toComparators = require_to_comparators();
    var maxSatisfying = require_max_satisfying();
    var minSatisfying = require_min_satisfying();
    var minVersion = require_min_version();
    var validRange = require_valid2();
    var outside = require_outside();
    var gtr = require_gtr();
    var ltr = require_ltr();
    var intersects = require_intersects();
    var simplifyRange = require_simplify();
    var subset = require_subset();
    module2.exports = {
      parse,
      valid,
      clean,
      inc,
      diff,
      major,
      minor,
      patch,
      prerelease,
      compare,
      rcompare,
      compareLoose,
      compareBuild,
      sort,
      rsort,
      gt,
      lt,
      eq,
      neq,
      gte,
      lte,
      cmp,
      coerce,
      truncate,
      Comparator,
      Range,
      satisfies,
      toComparators,
      maxSatisfying,
      minSatisfying,
      minVersion,
      validRange,
      outside,
      gtr,
      ltr,
      intersects,
      simplifyRange,
      subset,
      SemVer,
      re: internalRe.re,
      src: internalRe.src,
      tokens: internalRe.t,
      SEMVER_SPEC_VERSION: constants3.SEMVER_SPEC_VERSION,
      RELEASE_TYPES: constants3.RELEASE_TYPES,
      compareIdentifiers: identifiers.compareIdentifiers,
      rcompareIdentifiers: identifiers.rcompareIdentifiers
    };
  }
});

// node_modules/pend/index.js
var require_pend = __commonJS({
  "node_modules/pend/index.js"(exports2, module2) {
    module2.exports = Pend;
    function Pend() {
      this.pending = 0;
      this.max = Infinity;
      this.listeners = [];
      this.waiting = [];
      this.error = null;
    }
    Pend.prototype.go = function(fn) {
      if (this.pending < this.max) {
        pendGo(this, fn);
      } else {
        this.waiting.push(fn);
      }
    };
    Pend.prototype.wait = function(cb) {
      if (this.pending === 0) {
        cb(this.error);
      } else {
        this.listeners.push(cb);
      }
    };
    Pend.prototype.hold = function() {
      return pendHold(this);
    };
    function pendHold(self) {
      self.pending += 1;
      var called = false;
      return onCb;
      function onCb(err) {
        if (called) throw new Error("callback called twice");
        called = true;
        self.error = self.error || err;
        self.pending -= 1;
        if (self.waiting.length > 0 && self.pending < self.max) {
          pendGo(self, self.waiting.shift());
        } else if (self.pending === 0) {
          var listeners = self.listeners;
          self.listeners = [];
          listeners.forEach(cbListener);
        }
      }
      function cbListener(listener) {
        listener(self.error);
      }
    }
    function pendGo(self, fn) {
      fn(pendHold(self));
    }
  }
});

// node_modules/yauzl/fd-slicer.js
var require_fd_slicer = __commonJS({
  "node_modules/yauzl/fd-slicer.js"(exports2) {
    var fs3 = require("fs");
    var util = require("util");
    var stream = require("stream");
    var Readable = stream.Readable;
    var PassThrough = stream.PassThrough;
    var Pend = require_pend();
    var EventEmitter2 = require("events").EventEmitter;
    exports2.BufferSlicer = BufferSlicer;
    exports2.FdSlicer = FdSlicer;
    util.inherits(FdSlicer, EventEmitter2);
    function FdSlicer(fd) {
      EventEmitter2.call(this);
      this.fd = fd;
      this.pend = new Pend();
      this.pend.max = 1;
      this.refCount = 0;
    }
    FdSlicer.prototype.read = function(buffer, offset, length, position, callback) {
      var self = this;
      self.pend.go(function(cb) {
        fs3.read(self.fd, buffer, offset, length, position, function(err, bytesRead, buffer2) {
          cb();
          callback(err, bytesRead, buffer2);
        });
      });
    };
    FdSlicer.prototype.createReadStream = function(options2) {
      return new ReadStream(this, options2);
    };
    FdSlicer.prototype.ref = function() {
      this.refCount += 1;
    };
    FdSlicer.prototype.unref = function() {
      var self = this;
      self.refCount -= 1;
      if (self.refCount < 0) throw new Error("invalid unref");
      if (self.refCount > 0) return;
      fs3.close(self.fd, onCloseDone);
      function onCloseDone(err) {
        if (err) {
          self.emit("error", err);
        } else {
          self.emit("close");
        }
      }
    };
    util.inherits(ReadStream, Readable);
    function ReadStream(context, options2) {
      options2 = options2 || {};
      Readable.call(this, options2);
      this.context = context;
      this.context.ref();
      this.start = options2.start || 0;
      this.endOffset = options2.end;
      this.pos = this.start;
    }
    ReadStream.prototype._read = function(n) {
      var self = this;
      var toRead = Math.min(self._readableState.highWaterMark, n);
      if (self.endOffset != null) {
        toRead = Math.min(toRead, self.endOffset - self.pos);
      }
      if (toRead <= 0) {
        self.push(null);
        this._cleanup();
        return;
      }
      self.context.pend.go(function(cb) {
        var buffer = Buffer.allocUnsafe(toRead);
        fs3.read(self.context.fd, buffer, 0, toRead, self.pos, function(err, bytesRead) {
          if (err) {
            self.destroy(err);
          } else if (bytesRead === 0) {
            self.push(null);
            self._cleanup();
          } else {
            self.pos += bytesRead;
            self.push(buffer.slice(0, bytesRead));
          }
          cb();
        });
      });
    };
    ReadStream.prototype._destroy = function(err, cb) {
      this._cleanup();
      cb(err);
    };
    ReadStream.prototype._cleanup = function() {
      if (this.context != null) {
        this.context.unref();
        this.context = null;
      }
    };
    util.inherits(BufferSlicer, EventEmitter2);
    function BufferSlicer(buffer) {
      EventEmitter2.call(this);
      this.refCount = 0;
      this.buffer = buffer;
    }
    BufferSlicer.prototype.read = function(buffer, offset, length, position, callback) {
      if (!(0 <= offset && offset <= buffer.length)) throw new RangeError("offset outside buffer: 0 <= " + offset + " <= " + buffer.length);
      if (position < 0) throw new RangeError("position is negative: " + position);
      if (offset + length > buffer.length) {
        length = buffer.length - offset;
      }
      if (position + length > this.buffer.length) {
        length = this.buffer.length - position;
      }
      if (length <= 0) {
        setImmediate(function() {
          callback(null, 0);
        });
        return;
      }
      this.buffer.copy(buffer, offset, position, position + length);
      setImmediate(function() {
        callback(null, length);
      });
    };
    BufferSlicer.prototype.createReadStream = function(options2) {
      options2 = options2 || {};
      var readStream = new PassThrough(options2);
      readStream.start = options2.start || 0;
      readStream.endOffset = options2.end;
      readStream.pos = readStream.endOffset || this.buffer.length;
      var entireSlice = this.buffer.slice(readStream.start, readStream.pos);
      var maxChunkSize = 65536;
      var offset = 0;
      while (true) {
        var nextOffset = offset + maxChunkSize;
        if (nextOffset >= entireSlice.length) {
          if (offset < entireSlice.length) {
            readStream.write(entireSlice.slice(offset, entireSlice.length));
          }
          break;
        }
        readStream.write(entireSlice.slice(offset, nextOffset));
        offset = nextOffset;
      }
      readStream.end();
      return readStream;
    };
    BufferSlicer.prototype.ref = function() {
      this.refCount += 1;
    };
    BufferSlicer.prototype.unref = function() {
      this.refCount -= 1;
      if (this.refCount < 0) {
        throw new Error("invalid unref");
      }
    };
  }
});

// node_modules/yauzl/crc32.js
var require_crc32 = __commonJS({
  "node_modules/yauzl/crc32.js"(exports2, module2) {
    var CRC_TABLE = new Int32Array([
      0,
      1996959894,
      3993919788,
      2567524794,
      124634137,
      1886057615,
      3915621685,
      2657392035,
      249268274,
      2044508324,
      3772115230,
      2547177864,
      162941995,
      2125561021,
      3887607047,
      2428444049,
      498536548,
      1789927666,
      4089016648,
      2227061214,
      450548861,
      1843258603,
      4107580753,
      2211677639,
      325883990,
      1684777152,
      4251122042,
      2321926636,
      335633487,
      1661365465,
      4195302755,
      2366115317,
      997073096,
      1281953886,
      3579855332,
      2724688242,
      1006888145,
      1258607687,
      3524101629,
      2768942443,
      901097722,
      1119000684,
      3686517206,
      2898065728,
      853044451,
      1172266101,
      3705015759,
      2882616665,
      651767980,
      1373503546,
      3369554304,
      3218104598,
      565507253,
      1454621731,
      3485111705,
      3099436303,
      671266974,
      1594198024,
      3322730930,
      2970347812,
      795835527,
      1483230225,
      3244367275,
      3060149565,
      1994146192,
      31158534,
      2563907772,
      4023717930,
      1907459465,
      112637215,
      2680153253,
      3904427059,
      2013776290,
      251722036,
      2517215374,
      3775830040,
      2137656763,
      141376813,
      2439277719,
      3865271297,
      1802195444,
      476864866,
      2238001368,
      4066508878,
      1812370925,
      453092731,
      2181625025,
      4111451223,
      1706088902,
      314042704,
      2344532202,
      4240017532,
      1658658271,
      366619977,
      2362670323,
      4224994405,
      1303535960,
      984961486,
      2747007092,
      3569037538,
      1256170817,
      1037604311,
      2765210733,
      3554079995,
      1131014506,
      879679996,
      2909243462,
      3663771856,
      1141124467,
      855842277,
      2852801631,
      3708648649,
      1342533948,
      654459306,
      3188396048,
      3373015174,
      1466479909,
      544179635,
      3110523913,
      3462522015,
      1591671054,
      702138776,
      2966460450,
      3352799412,
      1504918807,
      783551873,
      3082640443,
      3233442989,
      3988292384,
      2596254646,
      62317068,
      1957810842,
      3939845945,
      2647816111,
      81470997,
      1943803523,
      3814918930,
      2489596804,
      225274430,
      2053790376,
      3826175755,
      2466906013,
      167816743,
      2097651377,
      4027552580,
      2265490386,
      503444072,
      1762050814,
      4150417245,
      2154129355,
      426522225,
      1852507879,
      4275313526,
      2312317920,
      282753626,
      1742555852,
      4189708143,
      2394877945,
      397917763,
      1622183637,
      3604390888,
      2714866558,
      953729732,
      1340076626,
      3518719985,
      2797360999,
      1068828381,
      1219638859,
      3624741850,
      2936675148,
      906185462,
      1090812512,
      3747672003,
      2825379669,
      829329135,
      1181335161,
      3412177804,
      3160834842,
      628085408,
      1382605366,
      3423369109,
      3138078467,
      570562233,
      1426400815,
      3317316542,
      2998733608,
      733239954,
      1555261956,
      3268935591,
      3050360625,
      752459403,
      1541320221,
      2607071920,
      3965973030,
      1969922972,
      40735498,
      2617837225,
      3943577151,
      1913087877,
      83908371,
      2512341634,
      3803740692,
      2075208622,
      213261112,
      2463272603,
      3855990285,
      2094854071,
      198958881,
      2262029012,
      4057260610,
      1759359992,
      534414190,
      2176718541,
      4139329115,
      1873836001,
      414664567,
      2282248934,
      4279200368,
      1711684554,
      285281116,
      2405801727,
      4167216745,
      1634467795,
      376229701,
      2685067896,
      3608007406,
      1308918612,
      956543938,
      2808555105,
      3495958263,
      1231636301,
      1047427035,
      2932959818,
      3654703836,
      1088359270,
      936918e3,
      2847714899,
      3736837829,
      1202900863,
      817233897,
      3183342108,
      3401237130,
      1404277552,
      615818150,
      3134207493,
      3453421203,
      1423857449,
      601450431,
      3009837614,
      3294710456,
      1567103746,
      711928724,
      3020668471,
      3272380065,
      1510334235,
      755167117
    ]);
    function crc32(buf) {
      let crc = -1;
      for (let x of buf) {
        crc = CRC_TABLE[(crc ^ x) & 255] ^ crc >>> 8;
      }
      return (crc ^ -1) >>> 0;
    }
    module2.exports = crc32;
  }
});

// node_modules/yauzl/index.js
var require_yauzl = __commonJS({
  "node_modules/yauzl/index.js"(exports2) {
    var fs3 = require("fs");
    var zlib = require("zlib");
    var fd_slicer = require_fd_slicer();
    var util = require("util");
    var EventEmitter2 = require("events").EventEmitter;
    var Transform2 = require("stream").Transform;
    var PassThrough = require("stream").PassThrough;
    var Writable = require("stream").Writable;
    var crc32 = typeof zlib.crc32 === "function" ? zlib.crc32 : require_crc32();
    exports2.open = open2;
    exports2.fromFd = fromFd;
    exports2.fromBuffer = fromBuffer;
    exports2.fromRandomAccessReader = fromRandomAccessReader;
    exports2.openPromise = openPromise;
    exports2.fromFdPromise = fromFdPromise;
    exports2.fromBufferPromise = fromBufferPromise;
    exports2.fromRandomAccessReaderPromise = fromRandomAccessReaderPromise;
    exports2.dosDateTimeToDate = dosDateTimeToDate;
    exports2.getFileNameLowLevel = getFileNameLowLevel;
    exports2.validateFileName = validateFileName;
    exports2.parseExtraFields = parseExtraFields;
    exports2.ZipFile = ZipFile;
    exports2.Entry = Entry;
    exports2.LocalFileHeader = LocalFileHeader;
    exports2.RandomAccessReader = RandomAccessReader;
    function openPromise(path6, options2) {
      return new Promise((resolve4, reject) => {
        open2(path6, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve4(zipfile);
        });
      });
    }
    function fromFdPromise(fd, options2) {
      return new Promise((resolve4, reject) => {
        fromFd(fd, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve4(zipfile);
        });
      });
    }
    function fromBufferPromise(buffer, options2) {
      return new Promise((resolve4, reject) => {
        fromBuffer(buffer, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve4(zipfile);
        });
      });
    }
    function fromRandomAccessReaderPromise(reader, totalSize, options2) {
      return new Promise((resolve4, reject) => {
        fromRandomAccessReader(reader, totalSize, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve4(zipfile);
        });
      });
    }
    function open2(path6, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = true;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      fs3.open(path6, "r", function(err, fd) {
        if (err) return callback(err);
        fromFd(fd, options2, function(err2, zipfile) {
          if (err2) fs3.close(fd, defaultCallback);
          callback(err2, zipfile);
        });
      });
    }
    function fromFd(fd, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = false;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      fs3.fstat(fd, function(err, stats) {
        if (err) return callback(err);
        var reader = new fd_slicer.FdSlicer(fd);
        fromRandomAccessReader(reader, stats.size, options2, callback);
      });
    }
    function fromBuffer(buffer, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      options2.autoClose = false;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      var reader = new fd_slicer.BufferSlicer(buffer);
      fromRandomAccessReader(reader, buffer.length, options2, callback);
    }
    function fromRandomAccessReader(reader, totalSize, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = true;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      var decodeStrings = !!options2.decodeStrings;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      if (typeof totalSize !== "number") throw new Error("expected totalSize parameter to be a number");
      if (totalSize > Number.MAX_SAFE_INTEGER) {
        throw new Error("zip file too large. only file sizes up to 2^52 are supported due to JavaScript's Number type being an IEEE 754 double.");
      }
      reader.ref();
      var eocdrWithoutCommentSize = 22;
      var zip64EocdlSize = 20;
      var maxCommentSize = 65535;
      var bufferSize = Math.min(zip64EocdlSize + eocdrWithoutCommentSize + maxCommentSize, totalSize);
      var buffer = newBuffer(bufferSize);
      var bufferReadStart = totalSize - buffer.length;
      readAndAssertNoEof(reader, buffer, 0, bufferSize, bufferReadStart, function(err) {
        if (err) return callback(err);
        for (var i = bufferSize - eocdrWithoutCommentSize; i >= 0; i -= 1) {
          if (buffer.readUInt32LE(i) !== 101010256) continue;
          var eocdrBuffer = buffer.subarray(i);
          var diskNumber = eocdrBuffer.readUInt16LE(4);
          var entryCount = eocdrBuffer.readUInt16LE(10);
          var centralDirectoryOffset = eocdrBuffer.readUInt32LE(16);
          var commentLength = eocdrBuffer.readUInt16LE(20);
          var expectedCommentLength = eocdrBuffer.length - eocdrWithoutCommentSize;
          if (commentLength !== expectedCommentLength) {
            return callback(new Error("Invalid comment length. Expected: " + expectedCommentLength + ". Found: " + commentLength + ". Are there extra bytes at the end of the file? Or is the end of central dir signature `PK☺☻` in the comment?"));
          }
          var comment = decodeStrings ? decodeBuffer(eocdrBuffer.subarray(22), false) : eocdrBuffer.subarray(22);
          if (i - zip64EocdlSize >= 0 && buffer.readUInt32LE(i - zip64EocdlSize) === 117853008) {
            var zip64EocdlBuffer = buffer.subarray(i - zip64EocdlSize, i - zip64EocdlSize + zip64EocdlSize);
            var zip64EocdrOffset = readUInt64LE(zip64EocdlBuffer, 8);
            var zip64EocdrBuffer = newBuffer(56);
            return readAndAssertNoEof(reader, zip64EocdrBuffer, 0, zip64EocdrBuffer.length, zip64EocdrOffset, function(err2) {
              if (err2) return callback(err2);
              if (zip64EocdrBuffer.readUInt32LE(0) !== 101075792) {
                return callback(new Error("invalid zip64 end of central directory record signature"));
              }
              diskNumber = zip64EocdrBuffer.readUInt32LE(16);
              if (diskNumber !== 0) {
                return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
              }
              entryCount = readUInt64LE(zip64EocdrBuffer, 32);
              centralDirectoryOffset = readUInt64LE(zip64EocdrBuffer, 48);
              return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options2.autoClose, options2.lazyEntries, decodeStrings, options2.validateEntrySizes, options2.strictFileNames));
            });
          }
          if (diskNumber !== 0) {
            return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
          }
          return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options2.autoClose, options2.lazyEntries, decodeStrings, options2.validateEntrySizes, options2.strictFileNames));
        }
        callback(new Error("End of central directory record signature not found. Either not a zip file, or file is truncated."));
      });
    }
    util.inherits(ZipFile, EventEmitter2);
    function ZipFile(reader, centralDirectoryOffset, fileSize, entryCount, comment, autoClose, lazyEntries, decodeStrings, validateEntrySizes, strictFileNames) {
      var self = this;
      EventEmitter2.call(self);
      self.reader = reader;
      self.reader.on("error", function(err) {
        emitError(self, err);
      });
      self.reader.once("close", function() {
        self.emit("close");
      });
      self.readEntryCursor = centralDirectoryOffset;
      self.fileSize = fileSize;
      self.entryCount = entryCount;
      self.comment = comment;
      self.entriesRead = 0;
      self.autoClose = !!autoClose;
      self.lazyEntries = !!lazyEntries;
      self.decodeStrings = !!decodeStrings;
      self.validateEntrySizes = !!validateEntrySizes;
      self.strictFileNames = !!strictFileNames;
      self.isOpen = true;
      self.emittedError = false;
      self.hasEachEntryBeenCalled = false;
      if (!self.lazyEntries) self._readEntry();
    }
    ZipFile.prototype.close = function() {
      if (!this.isOpen) return;
      this.isOpen = false;
      this.reader.unref();
    };
    function emitErrorAndAutoClose(self, err) {
      if (self.autoClose) self.close();
      emitError(self, err);
    }
    function emitError(self, err) {
      if (self.emittedError) return;
      self.emittedError = true;
      self.emit("error", err);
    }
    ZipFile.prototype.readEntry = function() {
      if (!this.lazyEntries) throw new Error("readEntry() called without lazyEntries:true");
      this._readEntry();
    };
    ZipFile.prototype._readEntry = function() {
      var self = this;
      if (self.entryCount === self.entriesRead) {
        setImmediate(function() {
          if (self.autoClose) self.close();
          if (self.emittedError) return;
          self.emit("end");
        });
        return;
      }
      if (self.emittedError) return;
      var buffer = newBuffer(46);
      readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err) {
        if (err) return emitErrorAndAutoClose(self, err);
        if (self.emittedError) return;
        var entry = new Entry();
        var signature = buffer.readUInt32LE(0);
        if (signature !== 33639248) return emitErrorAndAutoClose(self, new Error("invalid central directory file header signature: 0x" + signature.toString(16)));
        entry.versionMadeBy = buffer.readUInt16LE(4);
        entry.versionNeededToExtract = buffer.readUInt16LE(6);
        entry.generalPurposeBitFlag = buffer.readUInt16LE(8);
        entry.compressionMethod = buffer.readUInt16LE(10);
        entry.lastModFileTime = buffer.readUInt16LE(12);
        entry.lastModFileDate = buffer.readUInt16LE(14);
        entry.crc32 = buffer.readUInt32LE(16);
        entry.compressedSize = buffer.readUInt32LE(20);
        entry.uncompressedSize = buffer.readUInt32LE(24);
        entry.fileNameLength = buffer.readUInt16LE(28);
        entry.extraFieldLength = buffer.readUInt16LE(30);
        entry.fileCommentLength = buffer.readUInt16LE(32);
        entry.internalFileAttributes = buffer.readUInt16LE(36);
        entry.externalFileAttributes = buffer.readUInt32LE(38);
        entry.relativeOffsetOfLocalHeader = buffer.readUInt32LE(42);
        if (entry.generalPurposeBitFlag & 64) return emitErrorAndAutoClose(self, new Error("strong encryption is not supported"));
        self.readEntryCursor += 46;
        buffer = newBuffer(entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength);
        readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err2) {
          if (err2) return emitErrorAndAutoClose(self, err2);
          if (self.emittedError) return;
          entry.fileNameRaw = buffer.subarray(0, entry.fileNameLength);
          var fileCommentStart = entry.fileNameLength + entry.extraFieldLength;
          entry.extraFieldRaw = buffer.subarray(entry.fileNameLength, fileCommentStart);
          entry.fileCommentRaw = buffer.subarray(fileCommentStart, fileCommentStart + entry.fileCommentLength);
          try {
            entry.extraFields = parseExtraFields(entry.extraFieldRaw);
          } catch (err3) {
            return emitErrorAndAutoClose(self, err3);
          }
          if (self.decodeStrings) {
            var isUtf8 = (entry.generalPurposeBitFlag & 2048) !== 0;
            entry.fileComment = decodeBuffer(entry.fileCommentRaw, isUtf8);
            entry.fileName = getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, self.strictFileNames);
            var errorMessage = validateFileName(entry.fileName);
            if (errorMessage != null) return emitErrorAndAutoClose(self, new Error(errorMessage));
          } else {
            entry.fileComment = entry.fileCommentRaw;
            entry.fileName = entry.fileNameRaw;
          }
          entry.comment = entry.fileComment;
          self.readEntryCursor += buffer.length;
          self.entriesRead += 1;
          for (var i = 0; i < entry.extraFields.length; i++) {
            var extraField = entry.extraFields[i];
            if (extraField.id !== 1) continue;
            var zip64EiefBuffer = extraField.data;
            var index = 0;
            if (entry.uncompressedSize === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include uncompressed size"));
              }
              entry.uncompressedSize = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            if (entry.compressedSize === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include compressed size"));
              }
              entry.compressedSize = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            if (entry.relativeOffsetOfLocalHeader === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include relative header offset"));
              }
              entry.relativeOffsetOfLocalHeader = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            break;
          }
          if (self.validateEntrySizes && entry.compressionMethod === 0) {
            var expectedCompressedSize = entry.uncompressedSize;
            if (entry.isEncrypted()) {
              expectedCompressedSize += 12;
            }
            if (entry.compressedSize !== expectedCompressedSize) {
              var msg = "compressed/uncompressed size mismatch for stored file: " + entry.compressedSize + " != " + entry.uncompressedSize;
              return emitErrorAndAutoClose(self, new Error(msg));
            }
          }
          self.emit("entry", entry);
          if (!self.lazyEntries) self._readEntry();
        });
      });
    };
    ZipFile.prototype.eachEntry = function() {
      const self = this;
      if (!self.lazyEntries) throw new Error("eachEntry() requires lazyEntries: true");
      if (self.hasEachEntryBeenCalled) throw new Error("eachEntry() must only be called once per ZipFile");
      self.hasEachEntryBeenCalled = true;
      let pendingResolveReject = null;
      self.on("entry", onEntry);
      self.on("end", onEnd);
      self.on("error", onError);
      function cleanup() {
        self.removeListener("entry", onEntry);
        self.removeListener("end", onEnd);
        self.removeListener("error", onError);
        if (self.autoClose) self.close();
      }
      function onEntry(entry) {
        let { resolve: resolve4 } = pendingResolveReject;
        pendingResolveReject = null;
        resolve4({ value: entry });
      }
      function onEnd() {
        let { resolve: resolve4 } = pendingResolveReject;
        pendingResolveReject = null;
        cleanup();
        resolve4({ done: true });
      }
      function onError(err) {
        let { reject } = pendingResolveReject;
        pendingResolveReject = null;
        cleanup();
        reject(err);
      }
      return {
        [Symbol.asyncIterator]() {
          return this;
        },
        next() {
          const promise = new Promise((resolve4, reject) => {
            if (pendingResolveReject != null) throw new Error("next() called before previous Promise was resolved.");
            pendingResolveReject = { resolve: resolve4, reject };
          });
          self.readEntry();
          return promise;
        },
        return(value) {
          cleanup();
          return Promise.resolve({ done: true, value });
        },
        throw(value) {
          cleanup();
          return Promise.reject(value);
        }
      };
    };
    ZipFile.prototype.openReadStream = function(entry, options2, callback) {
      var self = this;
      var relativeStart = 0;
      var relativeEnd = entry.compressedSize;
      if (callback == null) {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) {
        options2 = {};
      } else {
        if (options2.decodeFileData === false) {
          if (options2.decrypt != null) {
            throw new Error("cannot use options.decrypt when options.decodeFileData === false");
          }
          if (options2.decompress != null) {
            throw new Error("cannot use options.decompress when options.decodeFileData === false");
          }
        } else {
          if (options2.decrypt != null) {
            if (!entry.isEncrypted()) {
              throw new Error("options.decrypt can only be specified for encrypted entries. See also option decodeFileData.");
            }
            if (options2.decrypt !== false) throw new Error("invalid options.decrypt value: " + options2.decrypt);
            if (entry.isCompressed()) {
              if (options2.decompress !== false) throw new Error("entry is encrypted and compressed, and options.decompress !== false. See also option decodeFileData.");
            }
          }
          if (options2.decompress != null) {
            if (!entry.isCompressed()) {
              throw new Error("options.decompress can only be specified for compressed entries. See also option decodeFileData.");
            }
            if (!(options2.decompress === false || options2.decompress === true)) {
              throw new Error("invalid options.decompress value: " + options2.decompress);
            }
            decompress = options2.decompress;
          }
        }
        if (options2.start != null) {
          relativeStart = options2.start;
          if (relativeStart < 0) throw new Error("options.start < 0");
          if (relativeStart > entry.compressedSize) throw new Error("options.start > entry.compressedSize");
        }
        if (options2.end != null) {
          relativeEnd = options2.end;
          if (relativeEnd < 0) throw new Error("options.end < 0");
          if (relativeEnd > entry.compressedSize) throw new Error("options.end > entry.compressedSize");
          if (relativeEnd < relativeStart) throw new Error("options.end < options.start");
        }
      }
      var rawMode = options2.decodeFileData === false || // Explicitly requested raw.
      (entry.compressionMethod === 0 || // Naturally without compression.
      entry.compressionMethod === 8 && options2.decompress === false) && (!entry.isEncrypted() || // Naturally without encryption.
      options2.decrypt === false);
      if (options2.start != null || options2.end != null) {
        if (!rawMode) throw new Error("start/end range require options.decodeFileData === false for non-trivial encoded entries.");
      }
      if (!self.isOpen) return callback(new Error("closed"));
      if (entry.isEncrypted() && !rawMode) {
        if (options2.decrypt !== false) return callback(new Error("entry is encrypted, and options.decodeFileData !== false"));
      }
      var decompress;
      if (rawMode) {
        decompress = false;
      } else if (entry.compressionMethod === 8) {
        decompress = options2.decodeFileData !== true;
      } else {
        return callback(new Error("unsupported compression method: " + entry.compressionMethod));
      }
      self.readLocalFileHeader(entry, { minimal: true }, function(err, localFileHeader) {
        if (err) return callback(err);
        self.openReadStreamLowLevel(
          localFileHeader.fileDataStart,
          entry.compressedSize,
          relativeStart,
          relativeEnd,
          decompress,
          entry.uncompressedSize,
          callback
        );
      });
    };
    ZipFile.prototype.openReadStreamLowLevel = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, callback) {
      var self = this;
      var fileDataEnd = fileDataStart + compressedSize;
      var readStream = self.reader.createReadStream({
        start: fileDataStart + relativeStart,
        end: fileDataStart + relativeEnd
      });
      var endpointStream = readStream;
      if (decompress) {
        var destroyed = false;
        var inflateFilter = zlib.createInflateRaw();
        readStream.on("error", function(err) {
          setImmediate(function() {
            if (!destroyed) inflateFilter.emit("error", err);
          });
        });
        readStream.pipe(inflateFilter);
        if (self.validateEntrySizes) {
          endpointStream = new AssertByteCountStream(uncompressedSize);
          inflateFilter.on("error", function(err) {
            setImmediate(function() {
              if (!destroyed) endpointStream.emit("error", err);
            });
          });
          inflateFilter.pipe(endpointStream);
        } else {
          endpointStream = inflateFilter;
        }
        installDestroyFn(endpointStream, function() {
          destroyed = true;
          if (inflateFilter !== endpointStream) inflateFilter.unpipe(endpointStream);
          readStream.unpipe(inflateFilter);
          readStream.destroy();
        });
      }
      callback(null, endpointStream);
    };
    ZipFile.prototype.readLocalFileHeader = function(entry, options2, callback) {
      var self = this;
      if (callback == null) {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      self.reader.ref();
      var buffer = newBuffer(30);
      readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader, function(err) {
        try {
          if (err) return callback(err);
          var signature = buffer.readUInt32LE(0);
          if (signature !== 67324752) {
            return callback(new Error("invalid local file header signature: 0x" + signature.toString(16)));
          }
          var fileNameLength = buffer.readUInt16LE(26);
          var extraFieldLength = buffer.readUInt16LE(28);
          var fileDataStart = entry.relativeOffsetOfLocalHeader + 30 + fileNameLength + extraFieldLength;
          if (fileDataStart + entry.compressedSize > self.fileSize) {
            return callback(new Error("file data overflows file bounds: " + fileDataStart + " + " + entry.compressedSize + " > " + self.fileSize));
          }
          if (options2.minimal) {
            return callback(null, { fileDataStart });
          }
          var localFileHeader = new LocalFileHeader();
          localFileHeader.fileDataStart = fileDataStart;
          localFileHeader.versionNeededToExtract = buffer.readUInt16LE(4);
          localFileHeader.generalPurposeBitFlag = buffer.readUInt16LE(6);
          localFileHeader.compressionMethod = buffer.readUInt16LE(8);
          localFileHeader.lastModFileTime = buffer.readUInt16LE(10);
          localFileHeader.lastModFileDate = buffer.readUInt16LE(12);
          localFileHeader.crc32 = buffer.readUInt32LE(14);
          localFileHeader.compressedSize = buffer.readUInt32LE(18);
          localFileHeader.uncompressedSize = buffer.readUInt32LE(22);
          localFileHeader.fileNameLength = fileNameLength;
          localFileHeader.extraFieldLength = extraFieldLength;
          buffer = newBuffer(fileNameLength + extraFieldLength);
          self.reader.ref();
          readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader + 30, function(err2) {
            try {
              if (err2) return callback(err2);
              localFileHeader.fileName = buffer.subarray(0, fileNameLength);
              localFileHeader.extraField = buffer.subarray(fileNameLength);
              return callback(null, localFileHeader);
            } finally {
              self.reader.unref();
            }
          });
        } finally {
          self.reader.unref();
        }
      });
    };
    ZipFile.prototype.openReadStreamPromise = function(entry, options2) {
      return new Promise((resolve4, reject) => {
        this.openReadStream(entry, options2, function(err, readStream) {
          if (err) return reject(err);
          resolve4(readStream);
        });
      });
    };
    ZipFile.prototype.openReadStreamLowLevelPromise = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize) {
      return new Promise((resolve4, reject) => {
        this.openReadStream(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, function(err, readStream) {
          if (err) return reject(err);
          resolve4(readStream);
        });
      });
    };
    ZipFile.prototype.readLocalFileHeaderPromise = function(entry, options2) {
      return new Promise((resolve4, reject) => {
        this.readLocalFileHeader(entry, options2, function(err, localFileHeader) {
          if (err) return reject(err);
          resolve4(localFileHeader);
        });
      });
    };
    function Entry() {
    }
    Entry.prototype.getLastModDate = function(options2) {
      if (options2 == null) options2 = {};
      if (!options2.forceDosFormat) {
        for (var i = 0; i < this.extraFields.length; i++) {
          var extraField = this.extraFields[i];
          if (extraField.id === 21589) {
            var data = extraField.data;
            if (data.length < 5) continue;
            var flags = data[0];
            var HAS_MTIME = 1;
            if (!(flags & HAS_MTIME)) continue;
            var posixTimestamp = data.readInt32LE(1);
            return new Date(posixTimestamp * 1e3);
          } else if (extraField.id === 10) {
            var data = extraField.data;
            if (data.length !== 32) continue;
            if (data.readUInt16LE(4) !== 1) continue;
            if (data.readUInt16LE(6) !== 24) continue;
            var hundredNanoSecondsSince1601 = data.readUInt32LE(8) + 4294967296 * data.readInt32LE(12);
            var millisecondsSince1970 = hundredNanoSecondsSince1601 / 1e4 - 116444736e5;
            return new Date(millisecondsSince1970);
          }
        }
      }
      return dosDateTimeToDate(this.lastModFileDate, this.lastModFileTime, options2.timezone);
    };
    Entry.prototype.canDecodeFileData = function() {
      return !this.isEncrypted() && (this.compressionMethod === 0 || this.compressionMethod === 8);
    };
    Entry.prototype.isEncrypted = function() {
      return (this.generalPurposeBitFlag & 1) !== 0;
    };
    Entry.prototype.isCompressed = function() {
      return this.compressionMethod === 8;
    };
    function LocalFileHeader() {
    }
    function dosDateTimeToDate(date, time, timezone) {
      var day = date & 31;
      var month = (date >> 5 & 15) - 1;
      var year = (date >> 9 & 127) + 1980;
      var millisecond = 0;
      var second = (time & 31) * 2;
      var minute = time >> 5 & 63;
      var hour = time >> 11 & 31;
      if (timezone == null || timezone === "local") {
        return new Date(year, month, day, hour, minute, second, millisecond);
      } else if (timezone === "UTC") {
        return new Date(Date.UTC(year, month, day, hour, minute, second, millisecond));
      } else {
        throw new Error("unrecognized options.timezone: " + options.timezone);
      }
    }
    function getFileNameLowLevel(generalPurposeBitFlag, fileNameBuffer, extraFields, strictFileNames) {
      var fileName = null;
      for (var i = 0; i < extraFields.length; i++) {
        var extraField = extraFields[i];
        if (extraField.id === 28789) {
          if (extraField.data.length < 6) {
            continue;
          }
          if (extraField.data.readUInt8(0) !== 1) {
            continue;
          }
          var oldNameCrc32 = extraField.data.readUInt32LE(1);
          if (crc32(fileNameBuffer) !== oldNameCrc32) {
            continue;
          }
          fileName = decodeBuffer(extraField.data.subarray(5), true);
          break;
        }
      }
      if (fileName == null) {
        var isUtf8 = (generalPurposeBitFlag & 2048) !== 0;
        fileName = decodeBuffer(fileNameBuffer, isUtf8);
      }
      if (!strictFileNames) {
        fileName = fileName.replace(/\\/g, "/");
      }
      return fileName;
    }
    function validateFileName(fileName) {
      if (fileName.indexOf("\\") !== -1) {
        return "invalid characters in fileName: " + fileName;
      }
      if (/^[a-zA-Z]:/.test(fileName) || /^\//.test(fileName)) {
        return "absolute path: " + fileName;
      }
      if (fileName.split("/").indexOf("..") !== -1) {
        return "invalid relative path: " + fileName;
      }
      return null;
    }
    function parseExtraFields(extraFieldBuffer) {
      var extraFields = [];
      var i = 0;
      while (i < extraFieldBuffer.length - 3) {
        var headerId = extraFieldBuffer.readUInt16LE(i + 0);
        var dataSize = extraFieldBuffer.readUInt16LE(i + 2);
        var dataStart = i + 4;
        var dataEnd = dataStart + dataSize;
        if (dataEnd > extraFieldBuffer.length) throw new Error("extra field length exceeds extra field buffer size");
        var dataBuffer = extraFieldBuffer.subarray(dataStart, dataEnd);
        extraFields.push({
          id: headerId,
          data: dataBuffer
        });
        i = dataEnd;
      }
      return extraFields;
    }
    function readAndAssertNoEof(reader, buffer, offset, length, position, callback) {
      if (length === 0) {
        return setImmediate(function() {
          callback(null, newBuffer(0));
        });
      }
      reader.read(buffer, offset, length, position, function(err, bytesRead) {
        if (err) return callback(err);
        if (bytesRead < length) {
          return callback(new Error("unexpected EOF"));
        }
        callback();
      });
    }
    util.inherits(AssertByteCountStream, Transform2);
    function AssertByteCountStream(byteCount) {
      Transform2.call(this);
      this.actualByteCount = 0;
      this.expectedByteCount = byteCount;
    }
    AssertByteCountStream.prototype._transform = function(chunk, encoding, cb) {
      this.actualByteCount += chunk.length;
      if (this.actualByteCount > this.expectedByteCount) {
        var msg = "too many bytes in the stream. expected " + this.expectedByteCount + ". got at least " + this.actualByteCount;
        return cb(new Error(msg));
      }
      cb(null, chunk);
    };
    AssertByteCountStream.prototype._flush = function(cb) {
      if (this.actualByteCount < this.expectedByteCount) {
        var msg = "not enough bytes in the stream. expected " + this.expectedByteCount + ". got only " + this.actualByteCount;
        return cb(new Error(msg));
      }
      cb();
    };
    util.inherits(RandomAccessReader, EventEmitter2);
    function RandomAccessReader() {
      EventEmitter2.call(this);
      this.refCount = 0;
    }
    RandomAccessReader.prototype.ref = function() {
      this.refCount += 1;
    };
    RandomAccessReader.prototype.unref = function() {
      var self = this;
      self.refCount -= 1;
      if (self.refCount > 0) return;
      if (self.refCount < 0) throw new Error("invalid unref");
      self.close(onCloseDone);
      function onCloseDone(err) {
        if (err) return self.emit("error", err);
        self.emit("close");
      }
    };
    RandomAccessReader.prototype.createReadStream = function(options2) {
      if (options2 == null) options2 = {};
      var start = options2.start;
      var end = options2.end;
      if (start === end) {
        var emptyStream = new PassThrough();
        setImmediate(function() {
          emptyStream.end();
        });
        return emptyStream;
      }
      var stream = this._readStreamForRange(start, end);
      var destroyed = false;
      var refUnrefFilter = new RefUnrefFilter(this);
      stream.on("error", function(err) {
        setImmediate(function() {
          if (!destroyed) refUnrefFilter.emit("error", err);
        });
      });
      installDestroyFn(refUnrefFilter, function() {
        stream.unpipe(refUnrefFilter);
        refUnrefFilter.unref();
        stream.destroy();
      });
      var byteCounter = new AssertByteCountStream(end - start);
      refUnrefFilter.on("error", function(err) {
        setImmediate(function() {
          if (!destroyed) byteCounter.emit("error", err);
        });
      });
      installDestroyFn(byteCounter, function() {
        destroyed = true;
        refUnrefFilter.unpipe(byteCounter);
        refUnrefFilter.destroy();
      });
      return stream.pipe(refUnrefFilter).pipe(byteCounter);
    };
    RandomAccessReader.prototype._readStreamForRange = function(start, end) {
      throw new Error("not implemented");
    };
    RandomAccessReader.prototype.read = function(buffer, offset, length, position, callback) {
      var readStream = this.createReadStream({ start: position, end: position + length });
      var writeStream = new Writable();
      var written = 0;
      writeStream._write = function(chunk, encoding, cb) {
        chunk.copy(buffer, offset + written, 0, chunk.length);
        written += chunk.length;
        cb();
      };
      writeStream.on("finish", callback);
      readStream.on("error", function(error2) {
        callback(error2);
      });
      readStream.pipe(writeStream);
    };
    RandomAccessReader.prototype.close = function(callback) {
      setImmediate(callback);
    };
    util.inherits(RefUnrefFilter, PassThrough);
    function RefUnrefFilter(context) {
      PassThrough.call(this);
      this.context = context;
      this.context.ref();
      this.unreffedYet = false;
    }
    RefUnrefFilter.prototype._flush = function(cb) {
      this.unref();
      cb();
    };
    RefUnrefFilter.prototype.unref = function(cb) {
      if (this.unreffedYet) return;
      this.unreffedYet = true;
      this.context.unref();
    };
    var cp437 = "\0☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼ !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~⌂ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ";
    function decodeBuffer(buffer, isUtf8) {
      if (isUtf8) {
        return buffer.toString("utf8");
      } else {
        var result = "";
        for (var i = 0; i < buffer.length; i++) {
          result += cp437[buffer[i]];
        }
        return result;
      }
    }
    function readUInt64LE(buffer, offset) {
      var lower32 = buffer.readUInt32LE(offset);
      var upper32 = buffer.readUInt32LE(offset + 4);
      return upper32 * 4294967296 + lower32;
    }
    var newBuffer;
    if (typeof Buffer.allocUnsafe === "function") {
      newBuffer = function(len) {
        return Buffer.allocUnsafe(len);
      };
    } else {
      newBuffer = function(len) {
        return new Buffer(len);
      };
    }
    function installDestroyFn(stream, fn) {
      if (typeof stream.destroy === "function") {
        stream._destroy = function(err, cb) {
          fn();
          if (cb != null) cb(err);
        };
      } else {
        stream.destroy = fn;
      }
    }
    function defaultCallback(err) {
      if (err) throw err;
    }
  }
});

// actions/bake-ami/src/index.ts
var index_exports = {};
__export(index_exports, {
  run: () => run
});
module.exports = __toCommonJS(index_exports);

// packages/action-kit/src/index.ts
var import_node_fs7 = require("node:fs");
var import_node_path7 = require("node:path");

// node_modules/@actions/core/lib/core.js
var core_exports = {};
__export(core_exports, {
  ExitCode: () => ExitCode,
  addPath: () => addPath,
  debug: () => debug,
  endGroup: () => endGroup,
  error: () => error,
  exportVariable: () => exportVariable,
  getBooleanInput: () => getBooleanInput,
  getIDToken: () => getIDToken,
  getInput: () => getInput,
  getMultilineInput: () => getMultilineInput,
  getState: () => getState,
  group: () => group,
  info: () => info,
  isDebug: () => isDebug,
  markdownSummary: () => markdownSummary,
  notice: () => notice,
  platform: () => platform_exports,
  saveState: () => saveState,
  setCommandEcho: () => setCommandEcho,
  setFailed: () => setFailed,
  setOutput: () => setOutput,
  setSecret: () => setSecret,
  startGroup: () => startGroup,
  summary: () => summary,
  toPlatformPath: () => toPlatformPath,
  toPosixPath: () => toPosixPath,
  toWin32Path: () => toWin32Path,
  warning: () => warning
});

// node_modules/@actions/core/lib/command.js
var os = __toESM(require("os"), 1);

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
function issue(name, message = "") {
  issueCommand(name, {}, message);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
var crypto = __toESM(require("crypto"), 1);
var fs = __toESM(require("fs"), 1);
var os2 = __toESM(require("os"), 1);
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter3 = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter3)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter3}"`);
  }
  if (convertedValue.includes(delimiter3)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter3}"`);
  }
  return `${key}<<${delimiter3}${os2.EOL}${convertedValue}${os2.EOL}${delimiter3}`;
}

// node_modules/@actions/core/lib/core.js
var os5 = __toESM(require("os"), 1);
var path5 = __toESM(require("path"), 1);

// lazy-http-client:@actions/http-client
var HttpClient = class {
  constructor(...args) {
    return new (require("./actions-http-client.js")).HttpClient(...args);
  }
};

// node_modules/@actions/http-client/lib/auth.js
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var BearerCredentialHandler = class {
  constructor(token) {
    this.token = token;
  }
  // currently implements pre-authorization
  // TODO: support preAuth = false where it hooks on 401
  prepareRequest(options2) {
    if (!options2.headers) {
      throw Error("The request has no headers");
    }
    options2.headers["Authorization"] = `Bearer ${this.token}`;
  }
  // This handler cannot handle 401
  canHandleAuthentication() {
    return false;
  }
  handleAuthentication() {
    return __awaiter(this, void 0, void 0, function* () {
      throw new Error("not implemented");
    });
  }
};

// node_modules/@actions/core/lib/oidc-utils.js
var __awaiter2 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var OidcClient = class _OidcClient {
  static createHttpClient(allowRetry = true, maxRetry = 10) {
    const requestOptions = {
      allowRetries: allowRetry,
      maxRetries: maxRetry
    };
    return new HttpClient("actions/oidc-client", [new BearerCredentialHandler(_OidcClient.getRequestToken())], requestOptions);
  }
  static getRequestToken() {
    const token = process.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
    if (!token) {
      throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable");
    }
    return token;
  }
  static getIDTokenUrl() {
    const runtimeUrl = process.env["ACTIONS_ID_TOKEN_REQUEST_URL"];
    if (!runtimeUrl) {
      throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable");
    }
    return runtimeUrl;
  }
  static getCall(id_token_url) {
    return __awaiter2(this, void 0, void 0, function* () {
      var _a;
      const httpclient = _OidcClient.createHttpClient();
      const res = yield httpclient.getJson(id_token_url).catch((error2) => {
        throw new Error(`Failed to get ID Token. 
 
        Error Code : ${error2.statusCode}
 
        Error Message: ${error2.message}`);
      });
      const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
      if (!id_token) {
        throw new Error("Response json body do not have ID Token field");
      }
      return id_token;
    });
  }
  static getIDToken(audience) {
    return __awaiter2(this, void 0, void 0, function* () {
      try {
        let id_token_url = _OidcClient.getIDTokenUrl();
        if (audience) {
          const encodedAudience = encodeURIComponent(audience);
          id_token_url = `${id_token_url}&audience=${encodedAudience}`;
        }
        debug(`ID token url is ${id_token_url}`);
        const id_token = yield _OidcClient.getCall(id_token_url);
        setSecret(id_token);
        return id_token;
      } catch (error2) {
        throw new Error(`Error message: ${error2.message}`);
      }
    });
  }
};

// node_modules/@actions/core/lib/summary.js
var import_os = require("os");
var import_fs = require("fs");
var __awaiter3 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = import_fs.promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter3(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, import_fs.constants.R_OK | import_fs.constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag2, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag2}${htmlAttrs}>`;
    }
    return `<${tag2}${htmlAttrs}>${content}</${tag2}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options2) {
    return __awaiter3(this, void 0, void 0, function* () {
      const overwrite = !!(options2 === null || options2 === void 0 ? void 0 : options2.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter3(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text, addEOL = false) {
    this._buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(import_os.EOL);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag2 = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag2, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell) => {
        if (typeof cell === "string") {
          return this.wrap("td", cell);
        }
        const { header, data, colspan, rowspan } = cell;
        const tag2 = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag2, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options2) {
    const { width, height } = options2 || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text, level) {
    const tag2 = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag2) ? tag2 : "h1";
    const element = this.wrap(allowedTag, text);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text, href) {
    const element = this.wrap("a", text, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var markdownSummary = _summary;
var summary = _summary;

// node_modules/@actions/core/lib/path-utils.js
var path = __toESM(require("path"), 1);
function toPosixPath(pth) {
  return pth.replace(/[\\]/g, "/");
}
function toWin32Path(pth) {
  return pth.replace(/[/]/g, "\\");
}
function toPlatformPath(pth) {
  return pth.replace(/[/\\]/g, path.sep);
}

// node_modules/@actions/core/lib/platform.js
var platform_exports = {};
__export(platform_exports, {
  arch: () => arch,
  getDetails: () => getDetails,
  isLinux: () => isLinux,
  isMacOS: () => isMacOS,
  isWindows: () => isWindows,
  platform: () => platform
});
var import_os2 = __toESM(require("os"), 1);

// node_modules/@actions/exec/lib/exec.js
var import_string_decoder = require("string_decoder");

// node_modules/@actions/exec/lib/toolrunner.js
var os3 = __toESM(require("os"), 1);
var events = __toESM(require("events"), 1);
var child = __toESM(require("child_process"), 1);
var path4 = __toESM(require("path"), 1);

// node_modules/@actions/io/lib/io.js
var path3 = __toESM(require("path"), 1);

// node_modules/@actions/io/lib/io-util.js
var fs2 = __toESM(require("fs"), 1);
var path2 = __toESM(require("path"), 1);
var __awaiter4 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs2.promises;
var IS_WINDOWS = process.platform === "win32";
var READONLY = fs2.constants.O_RDONLY;
function exists(fsPath) {
  return __awaiter4(this, void 0, void 0, function* () {
    try {
      yield stat(fsPath);
    } catch (err) {
      if (err.code === "ENOENT") {
        return false;
      }
      throw err;
    }
    return true;
  });
}
function isRooted(p) {
  p = normalizeSeparators(p);
  if (!p) {
    throw new Error('isRooted() parameter "p" cannot be empty');
  }
  if (IS_WINDOWS) {
    return p.startsWith("\\") || /^[A-Z]:/i.test(p);
  }
  return p.startsWith("/");
}
function tryGetExecutablePath(filePath, extensions) {
  return __awaiter4(this, void 0, void 0, function* () {
    let stats = void 0;
    try {
      stats = yield stat(filePath);
    } catch (err) {
      if (err.code !== "ENOENT") {
        console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
      }
    }
    if (stats && stats.isFile()) {
      if (IS_WINDOWS) {
        const upperExt = path2.extname(filePath).toUpperCase();
        if (extensions.some((validExt) => validExt.toUpperCase() === upperExt)) {
          return filePath;
        }
      } else {
        if (isUnixExecutable(stats)) {
          return filePath;
        }
      }
    }
    const originalFilePath = filePath;
    for (const extension of extensions) {
      filePath = originalFilePath + extension;
      stats = void 0;
      try {
        stats = yield stat(filePath);
      } catch (err) {
        if (err.code !== "ENOENT") {
          console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
        }
      }
      if (stats && stats.isFile()) {
        if (IS_WINDOWS) {
          try {
            const directory = path2.dirname(filePath);
            const upperName = path2.basename(filePath).toUpperCase();
            for (const actualName of yield readdir(directory)) {
              if (upperName === actualName.toUpperCase()) {
                filePath = path2.join(directory, actualName);
                break;
              }
            }
          } catch (err) {
            console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
          }
          return filePath;
        } else {
          if (isUnixExecutable(stats)) {
            return filePath;
          }
        }
      }
    }
    return "";
  });
}
function normalizeSeparators(p) {
  p = p || "";
  if (IS_WINDOWS) {
    p = p.replace(/\//g, "\\");
    return p.replace(/\\\\+/g, "\\");
  }
  return p.replace(/\/\/+/g, "/");
}
function isUnixExecutable(stats) {
  return (stats.mode & 1) > 0 || (stats.mode & 8) > 0 && process.getgid !== void 0 && stats.gid === process.getgid() || (stats.mode & 64) > 0 && process.getuid !== void 0 && stats.uid === process.getuid();
}

// node_modules/@actions/io/lib/io.js
var __awaiter5 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
function which(tool, check) {
  return __awaiter5(this, void 0, void 0, function* () {
    if (!tool) {
      throw new Error("parameter 'tool' is required");
    }
    if (check) {
      const result = yield which(tool, false);
      if (!result) {
        if (IS_WINDOWS) {
          throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
        } else {
          throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
        }
      }
      return result;
    }
    const matches = yield findInPath(tool);
    if (matches && matches.length > 0) {
      return matches[0];
    }
    return "";
  });
}
function findInPath(tool) {
  return __awaiter5(this, void 0, void 0, function* () {
    if (!tool) {
      throw new Error("parameter 'tool' is required");
    }
    const extensions = [];
    if (IS_WINDOWS && process.env["PATHEXT"]) {
      for (const extension of process.env["PATHEXT"].split(path3.delimiter)) {
        if (extension) {
          extensions.push(extension);
        }
      }
    }
    if (isRooted(tool)) {
      const filePath = yield tryGetExecutablePath(tool, extensions);
      if (filePath) {
        return [filePath];
      }
      return [];
    }
    if (tool.includes(path3.sep)) {
      return [];
    }
    const directories = [];
    if (process.env.PATH) {
      for (const p of process.env.PATH.split(path3.delimiter)) {
        if (p) {
          directories.push(p);
        }
      }
    }
    const matches = [];
    for (const directory of directories) {
      const filePath = yield tryGetExecutablePath(path3.join(directory, tool), extensions);
      if (filePath) {
        matches.push(filePath);
      }
    }
    return matches;
  });
}

// node_modules/@actions/exec/lib/toolrunner.js
var import_timers = require("timers");
var __awaiter6 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var IS_WINDOWS2 = process.platform === "win32";
var ToolRunner = class extends events.EventEmitter {
  constructor(toolPath, args, options2) {
    super();
    if (!toolPath) {
      throw new Error("Parameter 'toolPath' cannot be null or empty.");
    }
    this.toolPath = toolPath;
    this.args = args || [];
    this.options = options2 || {};
  }
  _debug(message) {
    if (this.options.listeners && this.options.listeners.debug) {
      this.options.listeners.debug(message);
    }
  }
  _getCommandString(options2, noPrefix) {
    const toolPath = this._getSpawnFileName();
    const args = this._getSpawnArgs(options2);
    let cmd = noPrefix ? "" : "[command]";
    if (IS_WINDOWS2) {
      if (this._isCmdFile()) {
        cmd += toolPath;
        for (const a of args) {
          cmd += ` ${a}`;
        }
      } else if (options2.windowsVerbatimArguments) {
        cmd += `"${toolPath}"`;
        for (const a of args) {
          cmd += ` ${a}`;
        }
      } else {
        cmd += this._windowsQuoteCmdArg(toolPath);
        for (const a of args) {
          cmd += ` ${this._windowsQuoteCmdArg(a)}`;
        }
      }
    } else {
      cmd += toolPath;
      for (const a of args) {
        cmd += ` ${a}`;
      }
    }
    return cmd;
  }
  _processLineBuffer(data, strBuffer, onLine) {
    try {
      let s = strBuffer + data.toString();
      let n = s.indexOf(os3.EOL);
      while (n > -1) {
        const line = s.substring(0, n);
        onLine(line);
        s = s.substring(n + os3.EOL.length);
        n = s.indexOf(os3.EOL);
      }
      return s;
    } catch (err) {
      this._debug(`error processing line. Failed with error ${err}`);
      return "";
    }
  }
  _getSpawnFileName() {
    if (IS_WINDOWS2) {
      if (this._isCmdFile()) {
        return process.env["COMSPEC"] || "cmd.exe";
      }
    }
    return this.toolPath;
  }
  _getSpawnArgs(options2) {
    if (IS_WINDOWS2) {
      if (this._isCmdFile()) {
        let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
        for (const a of this.args) {
          argline += " ";
          argline += options2.windowsVerbatimArguments ? a : this._windowsQuoteCmdArg(a);
        }
        argline += '"';
        return [argline];
      }
    }
    return this.args;
  }
  _endsWith(str, end) {
    return str.endsWith(end);
  }
  _isCmdFile() {
    const upperToolPath = this.toolPath.toUpperCase();
    return this._endsWith(upperToolPath, ".CMD") || this._endsWith(upperToolPath, ".BAT");
  }
  _windowsQuoteCmdArg(arg) {
    if (!this._isCmdFile()) {
      return this._uvQuoteCmdArg(arg);
    }
    if (!arg) {
      return '""';
    }
    const cmdSpecialChars = [
      " ",
      "	",
      "&",
      "(",
      ")",
      "[",
      "]",
      "{",
      "}",
      "^",
      "=",
      ";",
      "!",
      "'",
      "+",
      ",",
      "`",
      "~",
      "|",
      "<",
      ">",
      '"'
    ];
    let needsQuotes = false;
    for (const char of arg) {
      if (cmdSpecialChars.some((x) => x === char)) {
        needsQuotes = true;
        break;
      }
    }
    if (!needsQuotes) {
      return arg;
    }
    let reverse = '"';
    let quoteHit = true;
    for (let i = arg.length; i > 0; i--) {
      reverse += arg[i - 1];
      if (quoteHit && arg[i - 1] === "\\") {
        reverse += "\\";
      } else if (arg[i - 1] === '"') {
        quoteHit = true;
        reverse += '"';
      } else {
        quoteHit = false;
      }
    }
    reverse += '"';
    return reverse.split("").reverse().join("");
  }
  _uvQuoteCmdArg(arg) {
    if (!arg) {
      return '""';
    }
    if (!arg.includes(" ") && !arg.includes("	") && !arg.includes('"')) {
      return arg;
    }
    if (!arg.includes('"') && !arg.includes("\\")) {
      return `"${arg}"`;
    }
    let reverse = '"';
    let quoteHit = true;
    for (let i = arg.length; i > 0; i--) {
      reverse += arg[i - 1];
      if (quoteHit && arg[i - 1] === "\\") {
        reverse += "\\";
      } else if (arg[i - 1] === '"') {
        quoteHit = true;
        reverse += "\\";
      } else {
        quoteHit = false;
      }
    }
    reverse += '"';
    return reverse.split("").reverse().join("");
  }
  _cloneExecOptions(options2) {
    options2 = options2 || {};
    const result = {
      cwd: options2.cwd || process.cwd(),
      env: options2.env || process.env,
      silent: options2.silent || false,
      windowsVerbatimArguments: options2.windowsVerbatimArguments || false,
      failOnStdErr: options2.failOnStdErr || false,
      ignoreReturnCode: options2.ignoreReturnCode || false,
      delay: options2.delay || 1e4
    };
    result.outStream = options2.outStream || process.stdout;
    result.errStream = options2.errStream || process.stderr;
    return result;
  }
  _getSpawnOptions(options2, toolPath) {
    options2 = options2 || {};
    const result = {};
    result.cwd = options2.cwd;
    result.env = options2.env;
    result["windowsVerbatimArguments"] = options2.windowsVerbatimArguments || this._isCmdFile();
    if (options2.windowsVerbatimArguments) {
      result.argv0 = `"${toolPath}"`;
    }
    return result;
  }
  /**
   * Exec a tool.
   * Output will be streamed to the live console.
   * Returns promise with return code
   *
   * @param     tool     path to tool to exec
   * @param     options  optional exec options.  See ExecOptions
   * @returns   number
   */
  exec() {
    return __awaiter6(this, void 0, void 0, function* () {
      if (!isRooted(this.toolPath) && (this.toolPath.includes("/") || IS_WINDOWS2 && this.toolPath.includes("\\"))) {
        this.toolPath = path4.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
      }
      this.toolPath = yield which(this.toolPath, true);
      return new Promise((resolve4, reject) => __awaiter6(this, void 0, void 0, function* () {
        this._debug(`exec tool: ${this.toolPath}`);
        this._debug("arguments:");
        for (const arg of this.args) {
          this._debug(`   ${arg}`);
        }
        const optionsNonNull = this._cloneExecOptions(this.options);
        if (!optionsNonNull.silent && optionsNonNull.outStream) {
          optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + os3.EOL);
        }
        const state = new ExecState(optionsNonNull, this.toolPath);
        state.on("debug", (message) => {
          this._debug(message);
        });
        if (this.options.cwd && !(yield exists(this.options.cwd))) {
          return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
        }
        const fileName = this._getSpawnFileName();
        const cp = child.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
        let stdbuffer = "";
        if (cp.stdout) {
          cp.stdout.on("data", (data) => {
            if (this.options.listeners && this.options.listeners.stdout) {
              this.options.listeners.stdout(data);
            }
            if (!optionsNonNull.silent && optionsNonNull.outStream) {
              optionsNonNull.outStream.write(data);
            }
            stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
              if (this.options.listeners && this.options.listeners.stdline) {
                this.options.listeners.stdline(line);
              }
            });
          });
        }
        let errbuffer = "";
        if (cp.stderr) {
          cp.stderr.on("data", (data) => {
            state.processStderr = true;
            if (this.options.listeners && this.options.listeners.stderr) {
              this.options.listeners.stderr(data);
            }
            if (!optionsNonNull.silent && optionsNonNull.errStream && optionsNonNull.outStream) {
              const s = optionsNonNull.failOnStdErr ? optionsNonNull.errStream : optionsNonNull.outStream;
              s.write(data);
            }
            errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
              if (this.options.listeners && this.options.listeners.errline) {
                this.options.listeners.errline(line);
              }
            });
          });
        }
        cp.on("error", (err) => {
          state.processError = err.message;
          state.processExited = true;
          state.processClosed = true;
          state.CheckComplete();
        });
        cp.on("exit", (code) => {
          state.processExitCode = code;
          state.processExited = true;
          this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
          state.CheckComplete();
        });
        cp.on("close", (code) => {
          state.processExitCode = code;
          state.processExited = true;
          state.processClosed = true;
          this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
          state.CheckComplete();
        });
        state.on("done", (error2, exitCode) => {
          if (stdbuffer.length > 0) {
            this.emit("stdline", stdbuffer);
          }
          if (errbuffer.length > 0) {
            this.emit("errline", errbuffer);
          }
          cp.removeAllListeners();
          if (error2) {
            reject(error2);
          } else {
            resolve4(exitCode);
          }
        });
        if (this.options.input) {
          if (!cp.stdin) {
            throw new Error("child process missing stdin");
          }
          cp.stdin.end(this.options.input);
        }
      }));
    });
  }
};
function argStringToArray(argString) {
  const args = [];
  let inQuotes = false;
  let escaped = false;
  let arg = "";
  function append(c) {
    if (escaped && c !== '"') {
      arg += "\\";
    }
    arg += c;
    escaped = false;
  }
  for (let i = 0; i < argString.length; i++) {
    const c = argString.charAt(i);
    if (c === '"') {
      if (!escaped) {
        inQuotes = !inQuotes;
      } else {
        append(c);
      }
      continue;
    }
    if (c === "\\" && escaped) {
      append(c);
      continue;
    }
    if (c === "\\" && inQuotes) {
      escaped = true;
      continue;
    }
    if (c === " " && !inQuotes) {
      if (arg.length > 0) {
        args.push(arg);
        arg = "";
      }
      continue;
    }
    append(c);
  }
  if (arg.length > 0) {
    args.push(arg.trim());
  }
  return args;
}
var ExecState = class _ExecState extends events.EventEmitter {
  constructor(options2, toolPath) {
    super();
    this.processClosed = false;
    this.processError = "";
    this.processExitCode = 0;
    this.processExited = false;
    this.processStderr = false;
    this.delay = 1e4;
    this.done = false;
    this.timeout = null;
    if (!toolPath) {
      throw new Error("toolPath must not be empty");
    }
    this.options = options2;
    this.toolPath = toolPath;
    if (options2.delay) {
      this.delay = options2.delay;
    }
  }
  CheckComplete() {
    if (this.done) {
      return;
    }
    if (this.processClosed) {
      this._setResult();
    } else if (this.processExited) {
      this.timeout = (0, import_timers.setTimeout)(_ExecState.HandleTimeout, this.delay, this);
    }
  }
  _debug(message) {
    this.emit("debug", message);
  }
  _setResult() {
    let error2;
    if (this.processExited) {
      if (this.processError) {
        error2 = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
      } else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
        error2 = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
      } else if (this.processStderr && this.options.failOnStdErr) {
        error2 = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
      }
    }
    if (this.timeout) {
      clearTimeout(this.timeout);
      this.timeout = null;
    }
    this.done = true;
    this.emit("done", error2, this.processExitCode);
  }
  static HandleTimeout(state) {
    if (state.done) {
      return;
    }
    if (!state.processClosed && state.processExited) {
      const message = `The STDIO streams did not close within ${state.delay / 1e3} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
      state._debug(message);
    }
    state._setResult();
  }
};

// node_modules/@actions/exec/lib/exec.js
var __awaiter7 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
function exec(commandLine, args, options2) {
  return __awaiter7(this, void 0, void 0, function* () {
    const commandArgs = argStringToArray(commandLine);
    if (commandArgs.length === 0) {
      throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
    }
    const toolPath = commandArgs[0];
    args = commandArgs.slice(1).concat(args || []);
    const runner = new ToolRunner(toolPath, args, options2);
    return runner.exec();
  });
}
function getExecOutput(commandLine, args, options2) {
  return __awaiter7(this, void 0, void 0, function* () {
    var _a, _b;
    let stdout = "";
    let stderr = "";
    const stdoutDecoder = new import_string_decoder.StringDecoder("utf8");
    const stderrDecoder = new import_string_decoder.StringDecoder("utf8");
    const originalStdoutListener = (_a = options2 === null || options2 === void 0 ? void 0 : options2.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
    const originalStdErrListener = (_b = options2 === null || options2 === void 0 ? void 0 : options2.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
    const stdErrListener = (data) => {
      stderr += stderrDecoder.write(data);
      if (originalStdErrListener) {
        originalStdErrListener(data);
      }
    };
    const stdOutListener = (data) => {
      stdout += stdoutDecoder.write(data);
      if (originalStdoutListener) {
        originalStdoutListener(data);
      }
    };
    const listeners = Object.assign(Object.assign({}, options2 === null || options2 === void 0 ? void 0 : options2.listeners), { stdout: stdOutListener, stderr: stdErrListener });
    const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options2), { listeners }));
    stdout += stdoutDecoder.end();
    stderr += stderrDecoder.end();
    return {
      exitCode,
      stdout,
      stderr
    };
  });
}

// node_modules/@actions/core/lib/platform.js
var __awaiter8 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var getWindowsInfo = () => __awaiter8(void 0, void 0, void 0, function* () {
  const { stdout: version } = yield getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', void 0, {
    silent: true
  });
  const { stdout: name } = yield getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', void 0, {
    silent: true
  });
  return {
    name: name.trim(),
    version: version.trim()
  };
});
var getMacOsInfo = () => __awaiter8(void 0, void 0, void 0, function* () {
  var _a, _b, _c, _d;
  const { stdout } = yield getExecOutput("sw_vers", void 0, {
    silent: true
  });
  const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : "";
  const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : "";
  return {
    name,
    version
  };
});
var getLinuxInfo = () => __awaiter8(void 0, void 0, void 0, function* () {
  const { stdout } = yield getExecOutput("lsb_release", ["-i", "-r", "-s"], {
    silent: true
  });
  const [name, version] = stdout.trim().split("\n");
  return {
    name,
    version
  };
});
var platform = import_os2.default.platform();
var arch = import_os2.default.arch();
var isWindows = platform === "win32";
var isMacOS = platform === "darwin";
var isLinux = platform === "linux";
function getDetails() {
  return __awaiter8(this, void 0, void 0, function* () {
    return Object.assign(Object.assign({}, yield isWindows ? getWindowsInfo() : isMacOS ? getMacOsInfo() : getLinuxInfo()), {
      platform,
      arch,
      isWindows,
      isMacOS,
      isLinux
    });
  });
}

// node_modules/@actions/core/lib/core.js
var __awaiter9 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve4) {
      resolve4(value);
    });
  }
  return new (P || (P = Promise))(function(resolve4, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve4(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function exportVariable(name, val) {
  const convertedVal = toCommandValue(val);
  process.env[name] = convertedVal;
  const filePath = process.env["GITHUB_ENV"] || "";
  if (filePath) {
    return issueFileCommand("ENV", prepareKeyValueMessage(name, val));
  }
  issueCommand("set-env", { name }, convertedVal);
}
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function addPath(inputPath) {
  const filePath = process.env["GITHUB_PATH"] || "";
  if (filePath) {
    issueFileCommand("PATH", inputPath);
  } else {
    issueCommand("add-path", {}, inputPath);
  }
  process.env["PATH"] = `${inputPath}${path5.delimiter}${process.env["PATH"]}`;
}
function getInput(name, options2) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options2 && options2.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options2 && options2.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function getMultilineInput(name, options2) {
  const inputs = getInput(name, options2).split("\n").filter((x) => x !== "");
  if (options2 && options2.trimWhitespace === false) {
    return inputs;
  }
  return inputs.map((input) => input.trim());
}
function getBooleanInput(name, options2) {
  const trueValue = ["true", "True", "TRUE"];
  const falseValue = ["false", "False", "FALSE"];
  const val = getInput(name, options2);
  if (trueValue.includes(val))
    return true;
  if (falseValue.includes(val))
    return false;
  throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}
Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os5.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setCommandEcho(enabled) {
  issue("echo", enabled ? "on" : "off");
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function isDebug() {
  return process.env["RUNNER_DEBUG"] === "1";
}
function debug(message) {
  issueCommand("debug", {}, message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function notice(message, properties = {}) {
  issueCommand("notice", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os5.EOL);
}
function startGroup(name) {
  issue("group", name);
}
function endGroup() {
  issue("endgroup");
}
function group(name, fn) {
  return __awaiter9(this, void 0, void 0, function* () {
    startGroup(name);
    let result;
    try {
      result = yield fn();
    } finally {
      endGroup();
    }
    return result;
  });
}
function saveState(name, value) {
  const filePath = process.env["GITHUB_STATE"] || "";
  if (filePath) {
    return issueFileCommand("STATE", prepareKeyValueMessage(name, value));
  }
  issueCommand("save-state", { name }, toCommandValue(value));
}
function getState(name) {
  return process.env[`STATE_${name}`] || "";
}
function getIDToken(aud) {
  return __awaiter9(this, void 0, void 0, function* () {
    return yield OidcClient.getIDToken(aud);
  });
}

// packages/core/src/errors.ts
var ImmutableError = class extends Error {
  name = "ImmutableError";
  code;
  constructor(code, message, options2) {
    super(message, options2);
    this.code = code;
  }
};
function invalidInput(name, value, expected) {
  return new ImmutableError(
    "INVALID_INPUT",
    `Invalid ${name} ${JSON.stringify(value)}: expected ${expected}.`
  );
}
function describeError(error2) {
  if (!(error2 instanceof Error)) return String(error2);
  const cause = error2.cause instanceof Error ? error2.cause.message : void 0;
  const text = cause && !error2.message.includes(cause) ? `${error2.message} (${cause})` : error2.message;
  return text.replace(/\s*\n\s*/g, " ");
}

// packages/core/src/runtime.ts
var unrefSchedule = (ms, callback) => {
  const timer = setTimeout(() => void callback(), ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};
var systemClock = { now: () => Date.now() };
var realSleep = (ms, signal) => new Promise((resolve4, reject) => {
  if (signal?.aborted) return reject(abortReason(signal));
  const timer = setTimeout(() => {
    signal?.removeEventListener("abort", onAbort);
    resolve4();
  }, ms);
  const onAbort = () => {
    clearTimeout(timer);
    reject(abortReason(signal));
  };
  signal?.addEventListener("abort", onAbort, { once: true });
});
function abortReason(signal) {
  return signal?.reason ?? new Error("aborted");
}
var silentLogger = { info: () => {
}, warn: () => {
}, debug: () => {
} };
function timestamped(base, clock) {
  const stamp = (message) => `[${new Date(clock.now()).toISOString()}] ${message}`;
  return {
    info: (m) => base.info(stamp(m)),
    warn: (m) => base.warn(stamp(m)),
    debug: (m) => base.debug(stamp(m))
  };
}
var consoleLogger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  debug: (m) => {
    if (process.env.IMMUTABLE_DEBUG) console.log(m);
  }
};
function systemRuntime(logger = consoleLogger, options2 = {}) {
  return {
    clock: systemClock,
    sleep: realSleep,
    logger: timestamped(logger, systemClock),
    random: Math.random,
    ...options2.progress ? { progress: options2.progress } : {},
    ...options2.heartbeatMs ? { heartbeatMs: options2.heartbeatMs } : {},
    schedule: unrefSchedule
  };
}

// packages/core/src/version.ts
var VERSION = "0.1.0";

// packages/core/src/poll/progress.ts
var HEARTBEAT_ENV = "IMMUTABLE_HEARTBEAT_SECONDS";
function heartbeatFromEnv(env) {
  const text = env[HEARTBEAT_ENV]?.trim();
  if (!text) return void 0;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0)) {
    throw new ImmutableError(
      "INVALID_INPUT",
      `Invalid ${HEARTBEAT_ENV} "${text}": expected a positive number of seconds, such as 30 or 0.5.`
    );
  }
  return Math.round(seconds * 1e3);
}

// packages/core/src/aws/retry-base.ts
var RETRY_BASE_ENV = "IMMUTABLE_AWS_RETRY_BASE_MS";
async function retryStrategyFromEnv(maxAttempts, env = process.env) {
  const text = env[RETRY_BASE_ENV]?.trim();
  if (!text) return void 0;
  const base = Number(text);
  if (!/^\d+$/.test(text) || base > 2e4) {
    throw invalidInput(RETRY_BASE_ENV, text, "a whole number of milliseconds from 0 to 20000, such as 5");
  }
  const { AdaptiveRetryStrategy, DefaultRateLimiter } = require("./sdk.js");
  const backoff = {
    setDelayBase: () => {
    },
    // Full jitter on a doubling base, capped at the SDK's own 20 s, as the default backoff does.
    computeNextBackoffDelay: (retries) => Math.floor(Math.random() * Math.min(base * 2 ** retries, 2e4))
  };
  const rateLimiter = new DefaultRateLimiter({ minFillRate: rateFloor(base) });
  return { retryStrategy: new AdaptiveRetryStrategy(maxAttempts, { maxAttempts, backoff, rateLimiter }) };
}
function rateFloor(base) {
  return 50 / Math.max(base, 1);
}

// packages/core/src/aws/unmodelled-fields.ts
var OPERATION = "DescribeAutoScalingGroupsCommand";
var RAW_FIELDS = /* @__PURE__ */ Symbol("immutableRawGroupFields");
function keepUnmodelledGroupFields(client) {
  client.middlewareStack.addRelativeTo(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== OPERATION) return result;
      const response = result.response;
      if (!response || response.statusCode !== 200 || !isStream(response.body)) return result;
      const bytes = await readAll(response.body);
      response.body = bytes;
      context[RAW_FIELDS] = groupElements(Buffer.from(bytes).toString("utf8"));
      return result;
    },
    // "after" the deserializer is inside it: this sees the HTTP answer before it is parsed.
    { relation: "after", toMiddleware: "deserializerMiddleware", name: "immutableRawGroupFieldsRead" }
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const raw = context[RAW_FIELDS];
      const groups = result.output?.AutoScalingGroups;
      if (!raw || !groups || raw.length !== groups.length) return result;
      groups.forEach((group2, index) => {
        for (const [name, text] of raw[index] ?? []) if (!(name in group2) && text !== "") group2[name] = text;
      });
      return result;
    },
    { step: "initialize", name: "immutableRawGroupFieldsKeep" }
  );
}
function isStream(body) {
  return typeof body?.[Symbol.asyncIterator] === "function";
}
async function readAll(body) {
  const chunks = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
function groupElements(xml) {
  const groups = [];
  const path6 = [];
  let open2;
  for (const tag2 of xml.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g)) {
    const [whole, closing, name, selfClosing] = tag2;
    const at = tag2.index;
    const inGroup = path6.length === 4 && path6[2] === "AutoScalingGroups" && path6[3] === "member";
    if (closing) {
      path6.pop();
      if (open2 && path6.length === 4 && name === open2.name) {
        groups.at(-1)?.set(name, xml.slice(open2.contentStart, at).trim());
        open2 = void 0;
      }
      continue;
    }
    if (inGroup) {
      if (selfClosing) groups.at(-1)?.set(name, "");
      else open2 = { name, contentStart: at + whole.length };
    }
    if (selfClosing) continue;
    path6.push(name);
    if (path6.length === 4 && path6[2] === "AutoScalingGroups" && name === "member") groups.push(/* @__PURE__ */ new Map());
  }
  return groups;
}

// packages/core/src/aws/clients.ts
function resolveRegion(region) {
  const resolved = region?.trim() || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!resolved) {
    throw new ImmutableError(
      "INVALID_INPUT",
      "No AWS region: set the region input, or AWS_REGION (aws-actions/configure-aws-credentials exports it)."
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(resolved)) {
    throw new ImmutableError(
      "INVALID_INPUT",
      `Invalid region ${JSON.stringify(resolved)}: expected e.g. us-east-1.`
    );
  }
  return resolved;
}
function createAwsClients(options2 = {}) {
  const region = resolveRegion(options2.region);
  const config = {
    region,
    retryMode: "adaptive",
    maxAttempts: options2.maxAttempts ?? Number(process.env.IMMUTABLE_AWS_MAX_ATTEMPTS ?? 8),
    customUserAgent: `immutable-actions/${VERSION}`,
    requestHandler: { connectionTimeout: 5e3, requestTimeout: 3e4 },
    ...options2.endpoint ? { endpoint: options2.endpoint } : {}
  };
  const clientConfig = async () => ({ ...config, ...await retryStrategyFromEnv(config.maxAttempts) });
  const server = serverClockOf(options2.clock ?? systemClock);
  const made = [];
  const lazyClient = (make) => once(async () => {
    const client = await make();
    if (options2.onCall) countCalls(client, options2.onCall);
    readServerDate(client, server.observe);
    made.push(client);
    return client;
  });
  return {
    region,
    serverClock: server.clock,
    autoScaling: autoScalingApiOf(
      lazyClient(async () => {
        const client = new (await sdk()).AutoScalingClient(await clientConfig());
        keepUnmodelledGroupFields(client);
        return client;
      })
    ),
    ec2: ec2ApiOf(lazyClient(async () => new (await sdk()).EC2Client(await clientConfig()))),
    elbv2: elbv2ApiOf(
      lazyClient(async () => new (await sdk()).ElasticLoadBalancingV2Client(await clientConfig()))
    ),
    elb: elbApiOf(lazyClient(async () => new (await sdk()).ElasticLoadBalancingClient(await clientConfig()))),
    cloudWatch: cloudWatchApiOf(
      lazyClient(async () => new (await sdk()).CloudWatchClient(await clientConfig()))
    ),
    /** When the SDK's credentials expire, where it knows (AWS_CREDENTIAL_EXPIRATION, an assumed role). */
    async credentialsExpiration() {
      const client = new (await sdk()).AutoScalingClient(await clientConfig());
      try {
        return (await client.config.credentials()).expiration;
      } finally {
        client.destroy();
      }
    },
    destroy() {
      for (const client of made.splice(0)) client.destroy();
    }
  };
}
function once(make) {
  let value;
  return () => (value ??= { v: make() }).v;
}
var sdk = once(async () => require("./sdk.js"));
function countCalls(client, onCall) {
  client.middlewareStack.add(
    (next, context) => (args) => {
      onCall(context.clientName ?? "unknown", context.commandName ?? "unknown");
      return next(args);
    },
    { step: "deserialize", name: "immutableCallCounter" }
  );
}
function serverClockOf(local) {
  let skew = 0;
  return {
    clock: { now: () => local.now() + skew, skewMs: () => skew },
    observe(date) {
      const at = date === void 0 ? Number.NaN : Date.parse(date);
      if (Number.isFinite(at)) skew = at + 500 - local.now();
    }
  };
}
function readServerDate(client, observe) {
  const dateOf = (response) => {
    const headers = response?.headers;
    return headers?.date ?? headers?.Date;
  };
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        observe(dateOf(result.response));
        return result;
      } catch (error2) {
        observe(dateOf(error2?.$response));
        throw error2;
      }
    },
    { step: "deserialize", name: "immutableServerClock" }
  );
}
function autoScalingApiOf(client) {
  return {
    describeAutoScalingGroups: async (input) => (await client()).send(new (await sdk()).DescribeAutoScalingGroupsCommand(input)),
    createAutoScalingGroup: async (input) => (await client()).send(new (await sdk()).CreateAutoScalingGroupCommand(input)),
    updateAutoScalingGroup: async (input) => (await client()).send(new (await sdk()).UpdateAutoScalingGroupCommand(input)),
    deleteAutoScalingGroup: async (input) => (await client()).send(new (await sdk()).DeleteAutoScalingGroupCommand(input)),
    suspendProcesses: async (input) => (await client()).send(new (await sdk()).SuspendProcessesCommand(input)),
    resumeProcesses: async (input) => (await client()).send(new (await sdk()).ResumeProcessesCommand(input)),
    attachTargetGroups: async (input) => (await client()).send(new (await sdk()).AttachLoadBalancerTargetGroupsCommand(input)),
    detachTargetGroups: async (input) => (await client()).send(new (await sdk()).DetachLoadBalancerTargetGroupsCommand(input)),
    createOrUpdateTags: async (input) => (await client()).send(new (await sdk()).CreateOrUpdateTagsCommand(input)),
    deleteTags: async (input) => (await client()).send(new (await sdk()).DeleteTagsCommand(input)),
    describePolicies: async (input) => (await client()).send(new (await sdk()).DescribePoliciesCommand(input)),
    putScalingPolicy: async (input) => (await client()).send(new (await sdk()).PutScalingPolicyCommand(input)),
    describeScheduledActions: async (input) => (await client()).send(new (await sdk()).DescribeScheduledActionsCommand(input)),
    putScheduledAction: async (input) => (await client()).send(new (await sdk()).PutScheduledUpdateGroupActionCommand(input)),
    describeScalingActivities: async (input) => (await client()).send(new (await sdk()).DescribeScalingActivitiesCommand(input)),
    /** Every policy of a group, page by page. */
    listPolicies: async (input) => {
      const all = [];
      const loaded = await sdk();
      for await (const page of loaded.paginateDescribePolicies({ client: await client() }, input))
        all.push(...page.ScalingPolicies ?? []);
      return all;
    },
    /** Every scheduled action of a group, page by page. */
    listScheduledActions: async (input) => {
      const all = [];
      const loaded = await sdk();
      for await (const page of loaded.paginateDescribeScheduledActions({ client: await client() }, input))
        all.push(...page.ScheduledUpdateGroupActions ?? []);
      return all;
    },
    listNotificationConfigurations: async (input) => {
      const all = [];
      const loaded = await sdk();
      for await (const page of loaded.paginateDescribeNotificationConfigurations(
        { client: await client() },
        input
      ))
        all.push(...page.NotificationConfigurations ?? []);
      return all;
    },
    putNotificationConfiguration: async (input) => (await client()).send(new (await sdk()).PutNotificationConfigurationCommand(input)),
    describeLifecycleHooks: async (input) => (await client()).send(new (await sdk()).DescribeLifecycleHooksCommand(input)),
    putLifecycleHook: async (input) => (await client()).send(new (await sdk()).PutLifecycleHookCommand(input)),
    describeWarmPool: async (input) => (await client()).send(new (await sdk()).DescribeWarmPoolCommand(input)),
    putWarmPool: async (input) => (await client()).send(new (await sdk()).PutWarmPoolCommand(input)),
    deleteWarmPool: async (input) => (await client()).send(new (await sdk()).DeleteWarmPoolCommand(input)),
    enableMetricsCollection: async (input) => (await client()).send(new (await sdk()).EnableMetricsCollectionCommand(input)),
    attachLoadBalancers: async (input) => (await client()).send(new (await sdk()).AttachLoadBalancersCommand(input)),
    detachLoadBalancers: async (input) => (await client()).send(new (await sdk()).DetachLoadBalancersCommand(input))
  };
}
function ec2ApiOf(client) {
  return {
    describeImages: async (input) => (await client()).send(new (await sdk()).DescribeImagesCommand(input)),
    createTags: async (input) => (await client()).send(new (await sdk()).CreateTagsCommand(input)),
    describeTags: async (input) => (await client()).send(new (await sdk()).DescribeTagsCommand(input)),
    deregisterImage: async (input) => (await client()).send(new (await sdk()).DeregisterImageCommand(input)),
    deleteSnapshot: async (input) => (await client()).send(new (await sdk()).DeleteSnapshotCommand(input)),
    describeSubnets: async (input) => (await client()).send(new (await sdk()).DescribeSubnetsCommand(input)),
    describeLaunchTemplates: async (input) => (await client()).send(new (await sdk()).DescribeLaunchTemplatesCommand(input)),
    describeLaunchTemplateVersions: async (input) => (await client()).send(new (await sdk()).DescribeLaunchTemplateVersionsCommand(input)),
    createLaunchTemplate: async (input) => (await client()).send(new (await sdk()).CreateLaunchTemplateCommand(input)),
    deleteLaunchTemplate: async (input) => (await client()).send(new (await sdk()).DeleteLaunchTemplateCommand(input))
  };
}
function elbv2ApiOf(client) {
  return {
    describeTargetGroups: async (input) => (await client()).send(new (await sdk()).DescribeTargetGroupsCommand(input)),
    describeTargetHealth: async (input) => (await client()).send(new (await sdk()).DescribeTargetHealthCommand(input)),
    registerTargets: async (input) => (await client()).send(new (await sdk()).RegisterTargetsCommand(input)),
    deregisterTargets: async (input) => (await client()).send(new (await sdk()).DeregisterTargetsCommand(input)),
    describeTargetGroupAttributes: async (input) => (await client()).send(new (await sdk()).DescribeTargetGroupAttributesCommand(input))
  };
}
function cloudWatchApiOf(client) {
  return {
    describeAlarms: async (input) => (await client()).send(new (await sdk()).DescribeAlarmsCommand(input)),
    /** Every metric alarm matching the input, page by page. */
    listMetricAlarms: async (input) => {
      const all = [];
      const loaded = await sdk();
      for await (const page of loaded.paginateDescribeAlarms({ client: await client() }, input))
        all.push(...page.MetricAlarms ?? []);
      return all;
    },
    putMetricAlarm: async (input) => (await client()).send(new (await sdk()).PutMetricAlarmCommand(input)),
    deleteAlarms: async (input) => (await client()).send(new (await sdk()).DeleteAlarmsCommand(input)),
    listTagsForResource: async (input) => (await client()).send(new (await sdk()).ListTagsForResourceCommand(input))
  };
}
function elbApiOf(client) {
  return {
    describeInstanceHealth: async (input) => (await client()).send(new (await sdk()).DescribeInstanceHealthCommand(input)),
    deregisterInstances: async (input) => (await client()).send(new (await sdk()).DeregisterInstancesFromLoadBalancerCommand(input)),
    /** ConnectionDraining (enabled, timeout): how long a deregistered instance still finishes requests. */
    describeLoadBalancerAttributes: async (input) => (await client()).send(new (await sdk()).DescribeLoadBalancerAttributesCommand(input))
  };
}

// packages/core/src/aws/errors.ts
function awsErrorName(error2) {
  return error2 instanceof Error ? error2.name : void 0;
}

// packages/core/src/packer/install/http.ts
function proxyAwareGet() {
  let loaded;
  const load = () => loaded ??= Promise.resolve().then(() => __toESM(require("./undici.js"))).then((undici) => new undici.EnvHttpProxyAgent());
  return async (url, options2) => {
    const dispatcher = await load();
    const target = new URL(url);
    return new Promise((resolve4, reject) => {
      let head;
      let settled = false;
      const settle = (error2) => {
        if (settled) return;
        settled = true;
        options2.signal?.removeEventListener("abort", onAbort);
        if (error2 !== void 0) reject(error2);
        else resolve4(head ?? { status: 0, statusText: "", location: void 0 });
      };
      let abortRequest;
      const onAbort = () => {
        const reason = options2.signal?.reason instanceof Error ? options2.signal.reason : new Error("aborted");
        abortRequest?.(reason);
        settle(reason);
      };
      if (options2.signal?.aborted) return onAbort();
      options2.signal?.addEventListener("abort", onAbort, { once: true });
      const headers = { "user-agent": "immutable-actions-setup-packer" };
      if (options2.authorization) headers.authorization = options2.authorization;
      dispatcher.dispatch(
        { origin: target.origin, path: `${target.pathname}${target.search}`, method: "GET", headers },
        {
          onRequestStart(controller) {
            abortRequest = (reason) => controller.abort(reason);
          },
          onResponseStart(_controller, statusCode, responseHeaders, statusMessage) {
            const location = responseHeaders.location;
            head = {
              status: statusCode,
              statusText: statusMessage ?? "",
              location: Array.isArray(location) ? location[0] : location
            };
          },
          onResponseData(controller, chunk) {
            if (!head || head.status < 200 || head.status > 299) return;
            try {
              options2.onData(chunk);
            } catch (error2) {
              controller.abort(error2);
              settle(error2);
            }
          },
          onResponseEnd() {
            settle();
          },
          onResponseError(_controller, error2) {
            settle(error2);
          }
        }
      );
    });
  };
}
var DOWNLOAD_RETRIES = 3;
var MAX_REDIRECTS = 5;
function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace("//", "//***@");
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//***@");
  }
}
var Retryable = class extends Error {
};
function reasonOf(error2) {
  const cause = error2.cause;
  const code = error2.code;
  return cause?.code ?? (code && code !== "UND_ERR_ABORTED" ? code : void 0) ?? cause?.message ?? (error2 instanceof Error ? error2.message : String(error2));
}
async function download(policy, url, sink, maxBytes, signal) {
  const shown = redactUrl(url);
  const fail = (why, cause) => new ImmutableError("DOWNLOAD_FAILED", `Cannot download ${shown}: ${why}.`, cause ? { cause } : {});
  const retries = policy.retries ?? DOWNLOAD_RETRIES;
  const origin = new URL(url).origin;
  for (let attempt = 0; ; attempt++) {
    try {
      await attemptOnce();
      return;
    } catch (error2) {
      if (!(error2 instanceof Retryable) || attempt >= retries || signal?.aborted) {
        throw error2 instanceof Retryable ? fail(error2.message, error2.cause) : error2;
      }
      const wait = (policy.backoffMs ?? 1e3) * 2 ** attempt;
      policy.logger.warn(
        `Download of ${shown} failed (${error2.message}); retry ${attempt + 1} of ${retries} in ${wait} ms.`
      );
      await policy.sleep(wait);
    }
  }
  async function attemptOnce() {
    let current = url;
    for (let hop = 0; ; hop++) {
      sink.reset();
      let received = 0;
      let head;
      const sameOrigin = new URL(current).origin === origin;
      try {
        head = await policy.http(current, {
          ...signal ? { signal } : {},
          ...policy.authorization && sameOrigin ? { authorization: policy.authorization } : {},
          onData(chunk) {
            received += chunk.length;
            if (received > maxBytes) throw fail(`it is larger than the ${maxBytes} bytes allowed`);
            sink.write(chunk);
          }
        });
      } catch (error2) {
        if (error2 instanceof ImmutableError) throw error2;
        if (signal?.aborted) throw fail(reasonOf(error2), error2);
        throw new Retryable(reasonOf(error2), { cause: error2 });
      }
      if (head.status >= 300 && head.status < 400 && head.location) {
        if (hop >= MAX_REDIRECTS) throw fail(`more than ${MAX_REDIRECTS} redirects`);
        const next = new URL(head.location, current);
        if (next.origin !== origin && !policy.allowCrossOriginRedirects) {
          throw fail(
            `it redirects to another origin, ${next.origin}, which is not followed unless allow-cross-origin-redirects is true`
          );
        }
        if (next.protocol !== "https:" && next.protocol !== "http:")
          throw fail(`it redirects to ${next.protocol} URL`);
        current = next.toString();
        continue;
      }
      if (head.status >= 200 && head.status < 300) return;
      const status = `HTTP ${head.status}${head.statusText ? ` ${head.statusText}` : ""}`;
      if (head.status >= 500 || head.status === 429) throw new Retryable(status);
      const hint = head.status === 404 ? " (is the mirror laid out as <base>/packer/<version>/<file>?)" : "";
      throw fail(`${status}${hint}`);
    }
  }
}
async function downloadBytes(policy, url, maxBytes, signal) {
  let chunks = [];
  await download(
    policy,
    url,
    { reset: () => chunks = [], write: (chunk) => chunks.push(Uint8Array.from(chunk)) },
    maxBytes,
    signal
  );
  return new Uint8Array(Buffer.concat(chunks));
}

// packages/core/src/packer/install/zip.ts
var import_node_fs = require("node:fs");
var import_node_path = require("node:path");
var import_node_stream = require("node:stream");
var import_promises = require("node:stream/promises");
var import_yauzl = __toESM(require_yauzl());
var HARMLESS_EXTRAS = /* @__PURE__ */ new Set(["LICENSE.txt"]);
var S_IFMT = 61440;
var S_IFREG = 32768;
var MADE_BY_UNIX = 3;
async function extractPackerBinary(zipPath, destination, binary, maxBytes, shownName = zipPath) {
  const refuse = (why) => new ImmutableError("VERIFY_FAILED", `Refusing ${shownName}: ${why}.`);
  const zip = await new Promise(
    (resolveOpen, reject) => import_yauzl.default.open(
      zipPath,
      { lazyEntries: true, autoClose: false, strictFileNames: true },
      (error2, file) => error2 || !file ? reject(error2 ?? new Error("no zip file")) : resolveOpen(file)
    )
  ).catch((error2) => {
    throw new ImmutableError(
      "VERIFY_FAILED",
      `Refusing ${shownName}: it is not a readable zip (${error2 instanceof Error ? error2.message : String(error2)}).`,
      { cause: error2 }
    );
  });
  try {
    const entries = await new Promise((resolveAll, reject) => {
      const all = [];
      zip.on("error", reject);
      zip.on("entry", (entry) => {
        all.push(entry);
        zip.readEntry();
      });
      zip.on("end", () => resolveAll(all));
      zip.readEntry();
    });
    let found;
    for (const entry of entries) {
      const name = entry.fileName;
      const unixMode = entry.externalFileAttributes >>> 16;
      const type = entry.versionMadeBy >> 8 === MADE_BY_UNIX ? unixMode & S_IFMT : S_IFREG;
      const shown = JSON.stringify(name);
      if (name.endsWith("/")) throw refuse(`it holds a directory ${shown}`);
      if (name.includes("/") || name.includes("\\") || name === ".." || name === ".")
        throw refuse(`it holds ${shown}, a path, where only plain file names belong`);
      if (type !== S_IFREG && type !== 0)
        throw refuse(`${shown} is a ${type === 40960 ? "symlink" : "special file"}, not a regular file`);
      if (name === binary) {
        if (found) throw refuse(`it holds ${binary} twice`);
        found = entry;
      } else if (!HARMLESS_EXTRAS.has(name)) {
        throw refuse(`it holds ${shown} besides ${binary}`);
      }
    }
    if (!found) {
      const names = entries.map((e) => e.fileName).join(", ") || "nothing";
      throw refuse(`it holds no ${binary} (it holds ${names})`);
    }
    if (found.uncompressedSize > maxBytes)
      throw refuse(`${binary} is ${found.uncompressedSize} bytes, over the ${maxBytes} allowed`);
    const input = await new Promise(
      (ok, ko) => zip.openReadStream(found, (error2, stream) => error2 || !stream ? ko(error2) : ok(stream))
    );
    let written = 0;
    const cap = new import_node_stream.Transform({
      transform(chunk, _encoding, done) {
        written += chunk.length;
        done(
          written > maxBytes ? refuse(`${binary} inflates past the ${maxBytes} bytes allowed`) : null,
          chunk
        );
      }
    });
    const target = (0, import_node_path.join)(destination, binary);
    await (0, import_promises.pipeline)(input, cap, (0, import_node_fs.createWriteStream)(target, { mode: 493, flags: "wx" }));
    (0, import_node_fs.chmodSync)(target, 493);
  } catch (error2) {
    if (error2 instanceof ImmutableError) throw error2;
    throw new ImmutableError(
      "VERIFY_FAILED",
      `Refusing ${shownName}: ${error2 instanceof Error ? error2.message : String(error2)}.`,
      { cause: error2 }
    );
  } finally {
    zip.close();
  }
}

// packages/core/src/packer/bake/inputs.ts
var import_node_fs2 = require("node:fs");
var import_node_path2 = require("node:path");

// packages/core/src/inputs.ts
function optional(value) {
  const text = value?.trim();
  return text ? text : void 0;
}
function parseBoolean(name, value, fallback) {
  const text = optional(value);
  if (text === void 0) return fallback;
  if (["true", "True", "TRUE"].includes(text)) return true;
  if (["false", "False", "FALSE"].includes(text)) return false;
  throw invalidInput(name, text, "true or false");
}
function parseCount(name, value, bounds) {
  const text = optional(value);
  if (text === void 0) return void 0;
  if (!/^\d+$/.test(text) || Number(text) < bounds.min || Number(text) > bounds.max) {
    throw invalidInput(name, text, `a whole number from ${bounds.min} to ${bounds.max}`);
  }
  return Number(text);
}

// packages/core/src/packer/bake/inputs.ts
var BAKE_INPUTS = {
  template: "template",
  vars: "vars",
  varFiles: "var-files",
  only: "only",
  except: "except",
  region: "region",
  amiTags: "ami-tags",
  skipUnchanged: "skip-unchanged",
  packerInit: "packer-init",
  packer: "packer",
  workingDirectory: "working-directory",
  keepAmis: "keep-amis",
  allowOutsideWorkspace: "allow-outside-workspace",
  secretVars: "secret-vars",
  githubToken: "github-token",
  pluginMirrorUrl: "plugin-mirror-url"
};
var BAKE_OUTPUTS = {
  amiId: "ami-id",
  amis: "amis",
  manifest: "manifest",
  reused: "reused",
  prunedAmis: "pruned-amis",
  boxPath: "box-path"
};
var TEMPLATE_SUFFIXES = [".pkr.hcl", ".pkr.json"];
var VAR_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
var BUILD_NAME = /^[A-Za-z0-9_.*-]+$/;
var RESERVED_TAG_PREFIXES = ["aws:", "immutable:"];
var SECRET_NAME = /pass|pwd|token|secret|key|credential|private/i;
function parseBakeOptions(raw, context) {
  const workspace = (0, import_node_path2.resolve)(context.workspace);
  const allowOutside = parseBoolean(BAKE_INPUTS.allowOutsideWorkspace, raw.allowOutsideWorkspace, false);
  const confine = (input, value, path6) => {
    if (!allowOutside) requireInsideWorkspace(input, value, path6, workspace);
  };
  const workingDirectory = parseWorkingDirectory(raw.workingDirectory, workspace);
  if (raw.workingDirectory?.trim()) {
    confine(BAKE_INPUTS.workingDirectory, raw.workingDirectory.trim(), workingDirectory);
  }
  const { template, templateKind } = parseTemplate(raw.template, workingDirectory);
  confine(BAKE_INPUTS.template, raw.template?.trim() ?? "", template);
  const vars = parseVars(raw.vars);
  const varFiles = parseVarFiles(raw.varFiles, workingDirectory);
  lines(raw.varFiles).forEach((line, index) => confine(BAKE_INPUTS.varFiles, line, varFiles[index] ?? line));
  const secretVars = parseSecretVars(raw.secretVars);
  const githubToken = raw.githubToken?.trim() || void 0;
  const pluginMirrorUrl = parsePluginMirrorUrl(raw.pluginMirrorUrl);
  const only = parseBuildList(BAKE_INPUTS.only, raw.only);
  const except = parseBuildList(BAKE_INPUTS.except, raw.except);
  if (only.length > 0 && except.length > 0) {
    throw invalidInput(BAKE_INPUTS.except, raw.except ?? "", `it empty when ${BAKE_INPUTS.only} is set`);
  }
  const region = raw.region?.trim() ? resolveRegion(raw.region) : void 0;
  const amiTags = parseAmiTags(raw.amiTags);
  const skipUnchanged = parseBoolean(BAKE_INPUTS.skipUnchanged, raw.skipUnchanged, false);
  const packerInit = parsePackerInit(raw.packerInit);
  const packer = parsePackerPath(raw.packer, workingDirectory);
  const keepAmis = parseCount(BAKE_INPUTS.keepAmis, raw.keepAmis, { min: 1, max: 1e3 });
  return {
    template,
    templateKind,
    workingDirectory,
    vars,
    varFiles,
    only,
    except,
    ...region !== void 0 ? { region } : {},
    amiTags,
    skipUnchanged,
    packerInit,
    packer,
    ...keepAmis !== void 0 ? { keepAmis } : {},
    secretVars,
    ...githubToken !== void 0 ? { githubToken } : {},
    ...pluginMirrorUrl !== void 0 ? { pluginMirrorUrl } : {}
  };
}
function secretVarValues(vars, secretVars = [], env = {}) {
  const isSecret = (name) => SECRET_NAME.test(name) || secretVars.includes(name);
  const values = vars.filter((v) => isSecret(v.name)).map((v) => v.value);
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith("PKR_VAR_") && isSecret(key.slice("PKR_VAR_".length)) && value) values.push(value);
  }
  return [...new Set(values.filter((value) => value.trim() !== ""))];
}
function requireInsideWorkspace(input, value, path6, workspace) {
  const real = (p) => (0, import_node_fs2.existsSync)(p) ? (0, import_node_fs2.realpathSync)(p) : p;
  const rel = (0, import_node_path2.relative)(real(workspace), real(path6));
  if (rel === "" || rel !== ".." && !rel.startsWith(`..${import_node_path2.sep}`) && !(0, import_node_path2.isAbsolute)(rel)) return;
  throw invalidInput(
    input,
    value,
    `a path inside the workspace (${workspace}), or ${BAKE_INPUTS.allowOutsideWorkspace}: true`
  );
}
function parseSecretVars(value) {
  const names = (value ?? "").split(/[\s,]+/).map((name) => name.trim()).filter((name) => name !== "");
  const bad = names.find((name) => !VAR_NAME.test(name));
  if (bad !== void 0) {
    throw invalidInput(BAKE_INPUTS.secretVars, bad, "Packer variable names, comma- or newline-separated");
  }
  return [...new Set(names)];
}
function parseWorkingDirectory(value, workspace) {
  if (!value?.trim()) return workspace;
  const directory = (0, import_node_path2.resolve)(workspace, value.trim());
  if (!isDirectory2(directory)) {
    throw invalidInput(BAKE_INPUTS.workingDirectory, value, "a directory relative to GITHUB_WORKSPACE");
  }
  return directory;
}
function parseTemplate(value, workingDirectory) {
  const expected = "a .pkr.hcl or .pkr.json file, or a directory of them, relative to the working directory";
  if (!value?.trim()) throw invalidInput(BAKE_INPUTS.template, value ?? "", expected);
  const template = (0, import_node_path2.resolve)(workingDirectory, value.trim());
  if (isDirectory2(template)) {
    const hasTemplates = (0, import_node_fs2.readdirSync)(template).some(
      (name) => TEMPLATE_SUFFIXES.some((s) => name.endsWith(s))
    );
    if (!hasTemplates)
      throw invalidInput(BAKE_INPUTS.template, value, `${expected} (the directory has none)`);
    return { template, templateKind: "directory" };
  }
  if (!TEMPLATE_SUFFIXES.some((suffix) => template.endsWith(suffix))) {
    throw invalidInput(BAKE_INPUTS.template, value, expected);
  }
  if (!isFile(template)) throw invalidInput(BAKE_INPUTS.template, value, `${expected} (not found)`);
  return { template, templateKind: "file" };
}
function parseVars(value) {
  const vars = [];
  for (const line of lines(value)) {
    const at = line.indexOf("=");
    const name = at > 0 ? line.slice(0, at).trim() : "";
    if (!VAR_NAME.test(name)) throw invalidInput(BAKE_INPUTS.vars, line, "one name=value per line");
    if (vars.some((v) => v.name === name)) {
      throw invalidInput(BAKE_INPUTS.vars, line, `each name once (${name} is repeated)`);
    }
    vars.push({ name, value: line.slice(at + 1) });
  }
  return vars;
}
function parseVarFiles(value, workingDirectory) {
  return lines(value).map((line) => {
    const path6 = (0, import_node_path2.resolve)(workingDirectory, line);
    if (!isFile(path6)) throw invalidInput(BAKE_INPUTS.varFiles, line, "one existing file per line");
    return path6;
  });
}
function parseBuildList(input, value) {
  if (!value?.trim()) return [];
  const names = value.split(",").map((name) => name.trim());
  if (names.some((name) => !BUILD_NAME.test(name))) {
    throw invalidInput(input, value, "a comma-separated list of build names, e.g. amazon-ebs.app");
  }
  return names;
}
function parseAmiTags(value) {
  const tags = {};
  for (const line of lines(value)) {
    const at = line.indexOf("=");
    const key = at > 0 ? line.slice(0, at).trim() : "";
    const tagValue = line.slice(at + 1).trim();
    if (!key || key.length > 128 || tagValue.length > 256) {
      throw invalidInput(
        BAKE_INPUTS.amiTags,
        line,
        "one key=value per line (key up to 128, value up to 256)"
      );
    }
    if (RESERVED_TAG_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix))) {
      throw invalidInput(BAKE_INPUTS.amiTags, line, "keys not starting with aws: or immutable: (reserved)");
    }
    tags[key] = tagValue;
  }
  return tags;
}
function parsePackerInit(value) {
  const trimmed = value?.trim().toLowerCase() ?? "";
  if (trimmed === "") return "auto";
  if (trimmed === "auto" || trimmed === "true" || trimmed === "false") return trimmed;
  throw invalidInput(BAKE_INPUTS.packerInit, value ?? "", "auto, true or false");
}
function parsePackerPath(value, workingDirectory) {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return "packer";
  if (!trimmed.includes("/") && !trimmed.includes("\\")) return trimmed;
  const path6 = (0, import_node_path2.isAbsolute)(trimmed) ? trimmed : (0, import_node_path2.resolve)(workingDirectory, trimmed);
  if (!isFile(path6))
    throw invalidInput(BAKE_INPUTS.packer, value ?? "", "a Packer executable or a command on PATH");
  return path6;
}
function lines(value) {
  return (value ?? "").split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
}
function isFile(path6) {
  return (0, import_node_fs2.existsSync)(path6) && (0, import_node_fs2.statSync)(path6).isFile();
}
function isDirectory2(path6) {
  return (0, import_node_fs2.existsSync)(path6) && (0, import_node_fs2.statSync)(path6).isDirectory();
}
function parsePluginMirrorUrl(value) {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return void 0;
  let url;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalidInput(BAKE_INPUTS.pluginMirrorUrl, trimmed, "an http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalidInput(BAKE_INPUTS.pluginMirrorUrl, trimmed, "an http(s) URL");
  }
  return trimmed;
}

// packages/core/src/packer/bake/machine-readable.ts
var VAGRANT_POST_PROCESSOR = "mitchellh.post-processor.vagrant";
var REGION_AMI = /^([a-z]{2}(?:-[a-z]+)+-\d+):(ami-[0-9a-f]+)$/;
var ERROR_NOISE = [/^=+> Some builds didn't complete successfully and had errors:$/];
function unescapePackerField(field) {
  return field.replace(/%!\(PACKER_COMMA\)/g, ",").replace(/\\n/g, "\n").replace(/\\r/g, "\r");
}
function parseMachineReadableLine(line) {
  const match = /^(\d+),([^,]*),([^,]+)(?:,(.*))?$/.exec(line.replace(/\r$/, ""));
  if (!match?.[1] || !match[3]) return void 0;
  const rest = match[4];
  return {
    timestamp: Number(match[1]),
    target: match[2] ?? "",
    type: match[3],
    data: rest === void 0 ? [] : rest.split(",").map(unescapePackerField)
  };
}
function parseAmiArtifactId(build, id) {
  const artifacts = [];
  for (const part of id.split(",")) {
    const match = REGION_AMI.exec(part.trim());
    if (match?.[1] && match[2]) artifacts.push({ build, region: match[1], amiId: match[2] });
  }
  return artifacts;
}
var MachineReadableCollector = class {
  constructor(onText) {
    this.onText = onText;
  }
  onText;
  artifacts = /* @__PURE__ */ new Map();
  uiErrors = [];
  buildErrors = [];
  strayLines = [];
  version;
  /** `<target>,<index>` → what the artifact lines said so far. */
  artifactParts = /* @__PURE__ */ new Map();
  push(line) {
    if (line.trim() === "") return;
    const parsed = parseMachineReadableLine(line);
    if (!parsed) {
      this.strayLines.push(line);
      this.onText(line, "other");
      return;
    }
    const [first, second, third] = parsed.data;
    switch (parsed.type) {
      case "ui": {
        const text = parsed.data.slice(1).join(",");
        if (first === "error") {
          this.onText(text, "error");
          const trimmed = text.trim();
          if (trimmed && !ERROR_NOISE.some((noise) => noise.test(trimmed))) this.uiErrors.push(trimmed);
        } else if (first === "say" || first === "message") {
          this.onText(text, first);
        }
        return;
      }
      case "artifact": {
        const key = `${parsed.target},${first ?? ""}`;
        const part = this.artifactParts.get(key) ?? { files: [] };
        if (second === "builder-id" && third !== void 0) part.builderId = third;
        if (second === "id" && third !== void 0) part.id = third;
        if (second === "file" && parsed.data[3] !== void 0) part.files.push(parsed.data[3]);
        this.artifactParts.set(key, part);
        if (second === "id" && third !== void 0) {
          for (const artifact of parseAmiArtifactId(parsed.target, third)) {
            this.artifacts.set(`${artifact.region}:${artifact.amiId}`, artifact);
          }
        }
        return;
      }
      case "error":
        if (parsed.target && first !== void 0) this.buildErrors.push(`${parsed.target}: ${first.trim()}`);
        return;
      case "version":
        if (first) this.version = first;
        return;
      default:
        return;
    }
  }
  report() {
    const errors = this.buildErrors.length > 0 ? this.buildErrors : this.uiErrors;
    const boxes = [...this.artifactParts.entries()].flatMap(
      ([key, part]) => part.builderId === VAGRANT_POST_PROCESSOR ? part.files.filter((file) => file.endsWith(".box")).map((path6) => ({ build: key.slice(0, key.lastIndexOf(",")), provider: part.id ?? "", path: path6 })) : []
    );
    return {
      artifacts: [...this.artifacts.values()],
      boxes,
      errors: [...new Set(errors)],
      ...this.version !== void 0 ? { version: this.version } : {}
    };
  }
  /** Lines that were not machine-readable, for a failure that printed no `ui,error` (a crash, a bad flag). */
  stray() {
    return [...this.strayLines];
  }
};

// packages/core/src/packer/bake/hash.ts
var import_node_crypto = require("node:crypto");
var import_node_fs3 = require("node:fs");
var import_node_path3 = require("node:path");
var TEMPLATE_DIRECTORY_SUFFIXES = [".pkr.hcl", ".pkr.json", ".pkrvars.hcl", ".pkrvars.json"];
function templateFiles(template, kind) {
  if (kind === "file") return [template];
  return (0, import_node_fs3.readdirSync)(template).filter((name) => TEMPLATE_DIRECTORY_SUFFIXES.some((suffix) => name.endsWith(suffix))).sort().map((name) => (0, import_node_path3.join)(template, name));
}
function bakeHash(options2) {
  const files = templateFiles(options2.template, options2.templateKind);
  const canonical = {
    v: 1,
    // File names matter in a directory (which files exist), not for a single file (where it lives).
    template: files.map((path6) => ({
      name: options2.templateKind === "directory" ? path6.slice(options2.template.length + 1) : "",
      sha256: sha256((0, import_node_fs3.readFileSync)(path6))
    })),
    varFiles: options2.varFiles.map((path6) => sha256((0, import_node_fs3.readFileSync)(path6))),
    vars: [...options2.vars].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0).map((v) => [v.name, v.value]),
    only: [...options2.only].sort(),
    except: [...options2.except].sort()
  };
  return sha256(Buffer.from(JSON.stringify(canonical)));
}
function sha256(content) {
  return (0, import_node_crypto.createHash)("sha256").update(content).digest("hex");
}

// packages/core/src/packer/bake/lineage.ts
var import_node_crypto2 = require("node:crypto");
var import_node_fs4 = require("node:fs");
var import_node_path4 = require("node:path");
function bakeLineage(input) {
  const canonical = {
    v: 2,
    // Case-folded: GitHub treats Acme/Shop and acme/shop as one repository.
    repository: (input.repository ?? "").toLowerCase(),
    // Forward slashes, relative: the same checkout gives the same lineage on any runner.
    template: ((0, import_node_path4.relative)(input.workingDirectory, input.template) || ".").split(import_node_path4.sep).join("/"),
    names: amiNamePrefixes(input)
  };
  return (0, import_node_crypto2.createHash)("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 16);
}
function amiNamePrefixes(input) {
  const prefixes = /* @__PURE__ */ new Set();
  for (const file of templateFiles(input.template, input.templateKind)) {
    const text = (0, import_node_fs4.readFileSync)(file, "utf8");
    for (const value of file.endsWith(".json") ? jsonAmiNames(text) : hclAmiNames(text)) {
      prefixes.add(amiNamePrefix(value));
    }
  }
  return [...prefixes].sort();
}
function amiNamePrefix(value) {
  const cut = [value.indexOf("{{"), value.indexOf("${")].filter((at) => at >= 0);
  const prefix = cut.length > 0 ? value.slice(0, Math.min(...cut)) : value;
  return cut.length > 0 ? prefix : prefix.replace(/[-_.]?\d{8,}$/, "");
}
function hclAmiNames(text) {
  const names = [];
  for (const match of text.matchAll(/^\s*ami_name\s*=\s*(.+?)\s*$/gm)) {
    const value = match[1] ?? "";
    const literal = /^"((?:[^"\\]|\\.)*)"/.exec(value);
    names.push(literal?.[1] ?? value);
  }
  return names;
}
function jsonAmiNames(text) {
  const names = [];
  for (const match of text.matchAll(/"ami_name"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) names.push(match[1] ?? "");
  return names;
}

// packages/core/src/packer/bake/packer-process.ts
var import_node_child_process = require("node:child_process");
var import_node_readline = require("node:readline");
var spawnPacker = (command, args, options2) => {
  const child2 = (0, import_node_child_process.spawn)(command, [...args], {
    cwd: options2.cwd,
    env: options2.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32"
  });
  const exited = new Promise((resolve4, reject) => {
    child2.once("error", reject);
    child2.once("close", (code, signal) => resolve4({ code, signal }));
  });
  if (!child2.stdout || !child2.stderr) throw new ImmutableError("INTERNAL", "Packer started without pipes.");
  return {
    stdout: child2.stdout,
    stderr: child2.stderr,
    interrupt() {
      if (child2.pid === void 0 || child2.exitCode !== null) return;
      try {
        if (process.platform === "win32") child2.kill("SIGINT");
        else process.kill(-child2.pid, "SIGINT");
      } catch {
      }
    },
    exited
  };
};
async function runPacker(options2) {
  const spawner = options2.spawner ?? spawnPacker;
  if (options2.signal?.aborted) {
    throw new ImmutableError("ABORTED", "Cancelled before Packer started.", { cause: options2.signal.reason });
  }
  const collector = new MachineReadableCollector(options2.onText ?? (() => {
  }));
  const stderrLines = [];
  let child2;
  try {
    child2 = spawner(options2.packer, options2.args, { cwd: options2.cwd, env: options2.env ?? process.env });
  } catch (error2) {
    throw notStarted(options2.packer, error2);
  }
  const onAbort = () => {
    options2.onText?.("Cancelled: interrupting Packer so it cleans up its temporary resources...", "other");
    child2.interrupt();
  };
  options2.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const reading = Promise.all([
      eachLine(child2.stdout, (line) => collector.push(line)),
      eachLine(child2.stderr, (line) => {
        if (line.trim() === "") return;
        stderrLines.push(line);
        options2.onText?.(line, "other");
      })
    ]);
    let exit;
    try {
      exit = await child2.exited;
    } catch (error2) {
      throw notStarted(options2.packer, error2);
    }
    await reading;
    if (options2.signal?.aborted) {
      throw new ImmutableError(
        "ABORTED",
        `Cancelled: Packer was interrupted and exited with ${exit.code ?? exit.signal}.`,
        { cause: options2.signal.reason }
      );
    }
    return { exit, report: collector.report(), otherOutput: [...collector.stray(), ...stderrLines] };
  } finally {
    options2.signal?.removeEventListener("abort", onAbort);
  }
}
function packerFailure(command, result) {
  const detail = result.report.errors.join("; ") || result.otherOutput.slice(-5).join("; ") || `exit ${result.exit.code ?? result.exit.signal}`;
  return new ImmutableError("PACKER_FAILED", `packer ${command} failed: ${detail}`);
}
async function packerVersion(packer, cwd, spawner) {
  const result = await runPacker({
    packer,
    args: ["version", "-machine-readable"],
    cwd,
    ...spawner ? { spawner } : {}
  });
  if (result.exit.code !== 0 || !result.report.version) throw packerFailure("version", result);
  return result.report.version;
}
async function packerHasInit(packer, cwd, spawner) {
  const result = await runPacker({ packer, args: ["--help"], cwd, ...spawner ? { spawner } : {} });
  return result.otherOutput.some((line) => /^\s+init\s/.test(line));
}
function notStarted(packer, error2) {
  const code = error2.code;
  if (code === "ENOENT" || code === "EACCES") {
    const e = invalidInput(BAKE_INPUTS.packer, packer, "a Packer executable (not found or not executable)");
    return new ImmutableError(e.code, e.message, { cause: error2 });
  }
  return new ImmutableError("PACKER_FAILED", `Could not start ${packer}.`, { cause: error2 });
}
function eachLine(stream, onLine) {
  return new Promise((resolve4, reject) => {
    const reader = (0, import_node_readline.createInterface)({ input: stream, crlfDelay: Infinity });
    reader.on("line", onLine);
    reader.once("close", () => resolve4());
    stream.once("error", reject);
  });
}

// packages/core/src/packer/bake/tags.ts
var BAKE_TAG_KEYS = {
  repository: "immutable:repository",
  commit: "immutable:commit",
  ref: "immutable:ref",
  runUrl: "immutable:run-url",
  packerVersion: "immutable:packer-version",
  bakeHash: "immutable:bake-hash",
  /** The regions this bake made AMIs in, so a reuse can find the copies. */
  regions: "immutable:bake-regions",
  /** Same template and AMI name prefix (see bakeLineage): what keep-amis prunes within. */
  lineage: "immutable:lineage"
};
function bakeTags(input) {
  const tags = {
    ...input.userTags,
    [BAKE_TAG_KEYS.repository]: input.provenance.repository,
    [BAKE_TAG_KEYS.commit]: input.provenance.commit,
    [BAKE_TAG_KEYS.ref]: input.provenance.ref,
    [BAKE_TAG_KEYS.runUrl]: input.provenance.runUrl,
    [BAKE_TAG_KEYS.packerVersion]: input.packerVersion,
    [BAKE_TAG_KEYS.bakeHash]: input.bakeHash,
    [BAKE_TAG_KEYS.regions]: [...input.regions].sort().join(","),
    [BAKE_TAG_KEYS.lineage]: input.lineage
  };
  return Object.entries(tags).filter((entry) => entry[1] !== void 0 && entry[1] !== "").map(([Key, Value]) => ({ Key, Value: Value.slice(0, 256) }));
}
async function tagImagesAndSnapshots(ec2, amiIds, tags) {
  const described = await ec2.describeImages({ ImageIds: [...amiIds] });
  const snapshots = (described.Images ?? []).flatMap(
    (image) => (image.BlockDeviceMappings ?? []).flatMap(
      (mapping) => mapping.Ebs?.SnapshotId ? [mapping.Ebs.SnapshotId] : []
    )
  );
  await ec2.createTags({ Resources: [...amiIds, ...snapshots], Tags: tags });
  return snapshots;
}
async function findBakedImage(ec2, hash) {
  const result = await ec2.describeImages({
    Owners: ["self"],
    Filters: [
      { Name: `tag:${BAKE_TAG_KEYS.bakeHash}`, Values: [hash] },
      { Name: "state", Values: ["available"] }
    ]
  });
  const newest = (result.Images ?? []).filter((image) => image.ImageId && image.State === "available").sort((a, b) => (b.CreationDate ?? "").localeCompare(a.CreationDate ?? ""))[0];
  if (!newest?.ImageId) return void 0;
  const tag2 = (key) => newest.Tags?.find((t) => t.Key === key)?.Value;
  const packerVersion2 = tag2(BAKE_TAG_KEYS.packerVersion);
  return {
    amiId: newest.ImageId,
    regions: (tag2(BAKE_TAG_KEYS.regions) ?? "").split(",").filter(Boolean),
    ...packerVersion2 !== void 0 ? { packerVersion: packerVersion2 } : {}
  };
}

// packages/core/src/packer/bake/bake.ts
var import_node_fs6 = require("node:fs");
var import_node_os2 = require("node:os");
var import_node_path6 = require("node:path");

// packages/core/src/packer/bake/plugins.ts
var import_node_crypto3 = require("node:crypto");
var import_node_fs5 = require("node:fs");
var import_node_os = require("node:os");
var import_node_path5 = require("node:path");
var import_semver = __toESM(require_semver2());
var KIB = 1024;
var MIB = 1024 * KIB;
function requiredPlugins(options2) {
  const plugins = [];
  for (const file of templateFiles(options2.template, options2.templateKind)) {
    const text = (0, import_node_fs5.readFileSync)(file, "utf8");
    for (const block of blocksNamed(text, "required_plugins")) {
      for (const entry of block.matchAll(/([A-Za-z0-9_-]+)\s*=\s*\{([^{}]*)\}/g)) {
        const body = entry[2] ?? "";
        const source = /source\s*=\s*"([^"]*)"/.exec(body)?.[1] ?? "";
        const version = /version\s*=\s*"([^"]*)"/.exec(body)?.[1] ?? "";
        plugins.push({ name: entry[1] ?? "", source, version });
      }
    }
  }
  return plugins.sort((a, b) => a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
}
function blocksNamed(text, name) {
  const blocks = [];
  for (const start of text.matchAll(new RegExp(`\\b${name}\\s*\\{`, "g"))) {
    let depth = 0;
    let end = (start.index ?? 0) + start[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}" && --depth === 0) break;
    }
    blocks.push(text.slice((start.index ?? 0) + start[0].length, end));
  }
  return blocks;
}
function pluginCacheKey(plugins, platform2 = process.platform, arch2 = process.arch) {
  const canonical = JSON.stringify({
    v: 1,
    plugins: plugins.map((p) => [p.source, p.version]),
    platform: platform2,
    arch: arch2
  });
  return (0, import_node_crypto3.createHash)("sha256").update(canonical).digest("hex").slice(0, 16);
}
function pluginCacheDir(root, key, arch2 = process.arch) {
  return (0, import_node_path5.join)(root, "packer-plugins", key, arch2);
}
function isPluginCacheComplete(dir) {
  return (0, import_node_fs5.existsSync)(`${dir}.complete`) && (0, import_node_fs5.existsSync)(dir);
}
function commitPluginCache(staged, dir) {
  if (isPluginCacheComplete(dir)) {
    (0, import_node_fs5.rmSync)(staged, { recursive: true, force: true });
    return;
  }
  (0, import_node_fs5.rmSync)(dir, { recursive: true, force: true });
  (0, import_node_fs5.renameSync)(staged, dir);
  (0, import_node_fs5.writeFileSync)(`${dir}.complete`, "");
}
function constraintRange(constraint) {
  const parts = constraint.split(",").map((part) => part.trim()).filter(Boolean);
  const ranges = parts.map((part) => {
    const match = /^(>=|<=|>|<|=|~>)?\s*v?(\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?)$/.exec(part);
    if (!match?.[2])
      throw invalidInput("required_plugins version", constraint, "a Packer version constraint");
    const [op, version] = [match[1] ?? "=", match[2]];
    if (op !== "~>") return `${op}${import_semver.default.coerce(version)?.version ?? version}`;
    return version.split(".").length >= 3 ? `~${version}` : `^${import_semver.default.coerce(version)?.version ?? version}`;
  });
  return ranges.join(" ") || "*";
}
var GO_ARCH = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
var GO_OS = {
  win32: "windows",
  linux: "linux",
  darwin: "darwin",
  freebsd: "freebsd"
};
async function fetchFromMirror(mirrorUrl, plugins, options2) {
  const http = {
    http: options2.http ?? proxyAwareGet(),
    allowCrossOriginRedirects: false,
    sleep: (ms) => realSleep(ms),
    logger: { info: options2.log, warn: options2.log, debug: () => {
    } }
  };
  const os6 = GO_OS[options2.platform ?? process.platform] ?? process.platform;
  const arch2 = GO_ARCH[options2.arch ?? process.arch] ?? process.arch;
  const base = mirrorUrl.replace(/\/+$/, "");
  const work = (0, import_node_fs5.mkdtempSync)((0, import_node_path5.join)((0, import_node_os.tmpdir)(), "packer-plugins-"));
  const installs = [];
  for (const plugin of plugins) {
    const shortName = plugin.source.split("/").pop() ?? plugin.name;
    const where = `${base}/${plugin.source}`;
    const index = JSON.parse(
      Buffer.from(await downloadBytes(http, `${where}/index.json`, 64 * MIB)).toString("utf8")
    );
    const versions = Array.isArray(index.versions) ? index.versions.filter((v) => typeof v === "string") : [];
    const version = import_semver.default.maxSatisfying(
      versions.map((v) => v.replace(/^v/, "")),
      constraintRange(plugin.version)
    );
    if (!version) {
      throw new ImmutableError(
        "NOT_FOUND",
        `The plugin mirror has no ${plugin.source} matching "${plugin.version}" (it has: ${versions.join(", ") || "none"}).`
      );
    }
    const sumsName = `packer-plugin-${shortName}_v${version}_SHA256SUMS`;
    const sums = Buffer.from(await downloadBytes(http, `${where}/${version}/${sumsName}`, 64 * KIB)).toString(
      "utf8"
    );
    const zipPattern = new RegExp(
      `^packer-plugin-${shortName}_v${version.replace(/\./g, "\\.")}_x[0-9.]+_${os6}_${arch2}\\.zip$`
    );
    const line = sums.split("\n").map((l) => l.trim().split(/\s+/)).find(([, file]) => file !== void 0 && zipPattern.test(file));
    const [expected, zipName] = line ?? [];
    if (!expected || !zipName) {
      throw new ImmutableError(
        "VERIFY_FAILED",
        `Refusing ${plugin.source} ${version}: ${sumsName} lists no ${os6}_${arch2} zip.`
      );
    }
    const zip = await downloadBytes(http, `${where}/${version}/${zipName}`, 256 * MIB);
    const actual = (0, import_node_crypto3.createHash)("sha256").update(zip).digest("hex");
    if (actual !== expected.toLowerCase()) {
      throw new ImmutableError(
        "VERIFY_FAILED",
        `Refusing ${zipName}: SHA-256 mismatch, expected ${expected} (from ${sumsName}) but the download is ${actual}.`
      );
    }
    const folder = (0, import_node_path5.join)(work, shortName);
    (0, import_node_fs5.mkdirSync)(folder, { recursive: true });
    const zipPath = (0, import_node_path5.join)(folder, zipName);
    (0, import_node_fs5.writeFileSync)(zipPath, zip);
    const binary = zipName.replace(/\.zip$/, "");
    (0, import_node_fs5.mkdirSync)((0, import_node_path5.join)(folder, "out"), { recursive: true });
    await extractPackerBinary(zipPath, (0, import_node_path5.join)(folder, "out"), binary, 512 * MIB, zipName);
    options2.log(`Verified ${zipName} from the plugin mirror (SHA-256 ${actual}).`);
    installs.push({ plugin, version, binary: (0, import_node_path5.join)(folder, "out", binary) });
  }
  return installs;
}

// packages/core/src/packer/bake/bake.ts
var BAKE_HASH_FILE_ENV = "IMMUTABLE_BAKE_HASH_FILE";
var BOX_HASH_FILE = "bake-hash";
var noGroup = (_title, body) => body();
async function bakeAmi(request) {
  const { options: options2, runtime } = request;
  const log = runtime.logger;
  const hash = bakeHash(options2);
  const lineage = bakeLineage({ ...options2, repository: request.provenance.repository });
  log.info(`Bake hash ${hash}, lineage ${lineage}`);
  if (options2.skipUnchanged) {
    const reused = await findReusableBake(options2, hash, runtime);
    if (reused) return { ...reused, lineage };
  }
  const baseEnv = request.env ?? process.env;
  const spawner = request.spawner;
  const cwd = options2.workingDirectory;
  const version = await packerVersion(options2.packer, cwd, spawner);
  log.info(`Packer ${version}`);
  const env = await preparePlugins(request, version, baseEnv);
  const hashDir = (0, import_node_fs6.mkdtempSync)((0, import_node_path6.join)((0, import_node_os2.tmpdir)(), "immutable-bake-"));
  const hashFile = (0, import_node_path6.join)(hashDir, BOX_HASH_FILE);
  (0, import_node_fs6.writeFileSync)(hashFile, `${hash}
`);
  env[BAKE_HASH_FILE_ENV] = hashFile;
  const manifestPath = manifestOutputPath(options2);
  const startedAt = Date.now();
  const group2 = request.group ?? noGroup;
  const result = await group2(
    `packer build ${options2.template}`,
    () => runPacker({
      packer: options2.packer,
      args: buildArgs(options2),
      cwd,
      env,
      ...spawner ? { spawner } : {},
      ...request.signal ? { signal: request.signal } : {},
      onText: (text) => log.info(text.replace(/\n+$/, ""))
    })
  ).finally(() => (0, import_node_fs6.rmSync)(hashDir, { recursive: true, force: true }));
  if (result.exit.code !== 0) {
    const failure = packerFailure("build", result);
    const made = result.report.artifacts.map((a) => `${a.region}:${a.amiId}`);
    if (made.length === 0) throw failure;
    throw new ImmutableError(
      failure.code,
      `${failure.message} (AMIs made before the failure, untagged: ${made.join(", ")})`
    );
  }
  const artifacts = result.report.artifacts;
  const box = result.report.boxes[0];
  const boxPath = box ? (0, import_node_path6.resolve)(cwd, box.path) : "";
  if (artifacts.length === 0 && box) {
    log.info(`Built the Vagrant box ${boxPath} (no AMI in this bake).`);
    return {
      amiId: "",
      amis: {},
      manifest: "",
      reused: false,
      bakeHash: hash,
      lineage,
      packerVersion: version,
      boxPath
    };
  }
  if (artifacts.length === 0) {
    throw new ImmutableError(
      "PACKER_FAILED",
      "packer build succeeded but reported no AMI: bake-ami expects an amazon-ebs (or other AMI) builder."
    );
  }
  const amis = amisByRegion(artifacts, log.warn.bind(log));
  await tagArtifacts(artifacts, {
    tags: bakeTags({
      provenance: request.provenance,
      packerVersion: version,
      bakeHash: hash,
      regions: Object.keys(amis),
      userTags: options2.amiTags,
      lineage
    }),
    log: log.info.bind(log)
  });
  return {
    amiId: pickAmi(amis, options2.region),
    amis,
    manifest: manifestPath && wasWrittenSince(manifestPath, startedAt) ? manifestPath : "",
    reused: false,
    bakeHash: hash,
    lineage,
    packerVersion: version,
    boxPath
  };
}
function buildArgs(options2) {
  return [
    "build",
    "-machine-readable",
    "-color=false",
    ...options2.vars.flatMap((v) => ["-var", `${v.name}=${v.value}`]),
    ...options2.varFiles.map((file) => `-var-file=${fromWorkingDirectory(options2, file)}`),
    ...options2.only.length > 0 ? [`-only=${options2.only.join(",")}`] : [],
    ...options2.except.length > 0 ? [`-except=${options2.except.join(",")}`] : [],
    templateArgument(options2)
  ];
}
function templateArgument(options2) {
  const path6 = fromWorkingDirectory(options2, options2.template);
  return path6.startsWith("-") ? `./${path6}` : path6;
}
function fromWorkingDirectory(options2, path6) {
  return (0, import_node_path6.relative)(options2.workingDirectory, path6) || ".";
}
async function findReusableBake(options2, hash, runtime) {
  const region = resolveRegion(options2.region);
  const found = await withEc2(region, (ec2) => findBakedImage(ec2, hash));
  if (!found) {
    runtime.logger.info(`No available AMI tagged with this bake hash in ${region}: baking.`);
    return void 0;
  }
  const amis = { [region]: found.amiId };
  for (const other of found.regions.filter((r) => r !== region)) {
    const copy = await withEc2(other, (ec2) => findBakedImage(ec2, hash));
    if (copy) amis[other] = copy.amiId;
    else runtime.logger.warn(`The bake's copy in ${other} is gone: not reusing it.`);
  }
  runtime.logger.info(`Reusing ${found.amiId} (same bake hash): Packer does not run.`);
  return {
    amiId: found.amiId,
    amis,
    manifest: "",
    reused: true,
    bakeHash: hash,
    packerVersion: found.packerVersion ?? "",
    boxPath: ""
  };
}
async function preparePlugins(request, version, baseEnv) {
  const { options: options2, runtime } = request;
  const log = runtime.logger;
  const env = { ...baseEnv };
  if (options2.githubToken) env.PACKER_GITHUB_API_TOKEN = options2.githubToken;
  if (options2.packerInit === "false") return env;
  const plugins = requiredPlugins(options2);
  const declaresPlugins = plugins.length > 0 || templateFiles(options2.template, options2.templateKind).some(
    (file) => (0, import_node_fs6.readFileSync)(file, "utf8").includes("required_plugins")
  );
  if (options2.packerInit === "auto" && !declaresPlugins) return env;
  const hasInit = await packerHasInit(options2.packer, options2.workingDirectory, request.spawner);
  if (!hasInit) {
    if (options2.packerInit === "true") {
      throw invalidInput(
        BAKE_INPUTS.packerInit,
        "true",
        `a Packer with an init command (${version} has none)`
      );
    }
    log.info(`The template declares required_plugins, but Packer ${version} has no init: skipped.`);
    return env;
  }
  const cacheRoot = baseEnv.RUNNER_TOOL_CACHE;
  const cached = !baseEnv.PACKER_PLUGIN_PATH && cacheRoot && plugins.length > 0;
  const cacheDir = cached ? pluginCacheDir(cacheRoot, pluginCacheKey(plugins)) : void 0;
  if (cacheDir && isPluginCacheComplete(cacheDir)) {
    log.info(`Plugins from the tool cache (${cacheDir}): packer init skipped.`);
    return { ...env, PACKER_PLUGIN_PATH: cacheDir };
  }
  const staging = cacheDir ? `${cacheDir}.staging-${process.pid}-${Date.now()}` : void 0;
  if (staging) {
    (0, import_node_fs6.mkdirSync)(staging, { recursive: true });
    env.PACKER_PLUGIN_PATH = staging;
  }
  const group2 = request.group ?? noGroup;
  const run2 = (title, args) => group2(
    title,
    () => runPacker({
      packer: options2.packer,
      args,
      cwd: options2.workingDirectory,
      env,
      ...request.spawner ? { spawner: request.spawner } : {},
      ...request.signal ? { signal: request.signal } : {},
      onText: (text) => log.info(text)
    })
  );
  try {
    if (options2.pluginMirrorUrl) {
      const installs = await fetchFromMirror(options2.pluginMirrorUrl, plugins, { log: log.info.bind(log) });
      for (const install of installs) {
        const result = await run2(`packer plugins install ${install.plugin.source} ${install.version}`, [
          "plugins",
          "install",
          "--path",
          install.binary,
          install.plugin.source
        ]);
        if (result.exit.code !== 0) throw packerFailure("plugins install", result);
      }
    } else {
      const result = await run2(`packer init ${options2.template}`, ["init", templateArgument(options2)]);
      if (result.exit.code !== 0) throw packerFailure("init", result);
    }
  } catch (error2) {
    if (staging) (0, import_node_fs6.rmSync)(staging, { recursive: true, force: true });
    throw error2;
  }
  if (staging && cacheDir) {
    commitPluginCache(staging, cacheDir);
    log.info(`Plugins cached in ${cacheDir}.`);
    return { ...env, PACKER_PLUGIN_PATH: cacheDir };
  }
  return env;
}
function amisByRegion(artifacts, warn) {
  const amis = {};
  for (const artifact of artifacts) {
    const existing = amis[artifact.region];
    if (existing === void 0) amis[artifact.region] = artifact.amiId;
    else if (existing !== artifact.amiId) {
      warn(
        `Several AMIs in ${artifact.region} (${existing}, ${artifact.amiId}): outputs use ${existing}; use ${BAKE_INPUTS.only} to bake one build per step.`
      );
    }
  }
  return amis;
}
function pickAmi(amis, region) {
  const regions = Object.keys(amis);
  if (region !== void 0) {
    const ami = amis[region];
    if (ami) return ami;
    if (regions.length === 1 && regions[0] !== void 0) return amis[regions[0]] ?? "";
    throw new ImmutableError(
      "NOT_FOUND",
      `Packer made no AMI in ${region} (made: ${regions.map((r) => `${r}:${amis[r]}`).join(", ")}).`
    );
  }
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const first = regions[0];
  return fromEnv && amis[fromEnv] || (first !== void 0 ? amis[first] ?? "" : "");
}
async function tagArtifacts(artifacts, context) {
  const byRegion = /* @__PURE__ */ new Map();
  for (const artifact of artifacts)
    byRegion.set(artifact.region, [...byRegion.get(artifact.region) ?? [], artifact.amiId]);
  for (const [region, amiIds] of byRegion) {
    try {
      const snapshots = await withEc2(region, (ec2) => tagImagesAndSnapshots(ec2, amiIds, context.tags));
      context.log(`Tagged ${amiIds.join(", ")} and ${snapshots.length} snapshot(s) in ${region}.`);
    } catch (error2) {
      throw new ImmutableError(
        "AWS",
        `Baked ${amiIds.join(", ")} in ${region} but could not tag them: ${describeError(error2)}`,
        { cause: error2 }
      );
    }
  }
}
async function withEc2(region, use) {
  const clients = createAwsClients({ region });
  try {
    return await use(clients.ec2);
  } finally {
    clients.destroy();
  }
}
function manifestOutputPath(options2) {
  for (const file of templateFiles(options2.template, options2.templateKind)) {
    const text = (0, import_node_fs6.readFileSync)(file, "utf8");
    const output = file.endsWith(".json") ? jsonManifestOutput(text) : hclManifestOutput(text);
    if (output === void 0) continue;
    if (output === null || output.includes("${") || output.includes("{{")) return void 0;
    return (0, import_node_path6.resolve)(options2.workingDirectory, output);
  }
  return void 0;
}
function hclManifestOutput(text) {
  const start = /post-processor\s+"manifest"\s*\{/.exec(text);
  if (!start) return void 0;
  let depth = 0;
  let end = start.index + start[0].length - 1;
  for (; end < text.length; end++) {
    if (text[end] === "{") depth++;
    else if (text[end] === "}" && --depth === 0) break;
  }
  const block = text.slice(start.index, end);
  const output = /^\s*output\s*=\s*(.+)$/m.exec(block)?.[1]?.trim();
  if (output === void 0) return "packer-manifest.json";
  const literal = /^"([^"]*)"$/.exec(output);
  return literal?.[1] ?? null;
}
function jsonManifestOutput(text) {
  let template;
  try {
    template = JSON.parse(text);
  } catch {
    return void 0;
  }
  const postProcessors = template["post-processors"];
  const flat = Array.isArray(postProcessors) ? postProcessors.flat() : [];
  for (const entry of flat) {
    if (typeof entry === "object" && entry !== null && entry.type === "manifest") {
      const output = entry.output;
      if (output === void 0) return "packer-manifest.json";
      return typeof output === "string" ? output : null;
    }
  }
  return void 0;
}
function wasWrittenSince(path6, since) {
  return (0, import_node_fs6.existsSync)(path6) && (0, import_node_fs6.statSync)(path6).mtimeMs >= since - 1e3;
}

// packages/core/src/packer/bake/summary.ts
function amiConsoleUrl(region, amiId) {
  return `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${amiId}`;
}
function bakeSummary(result, links = {}) {
  const rows = Object.entries(result.amis).sort(([a], [b]) => a.localeCompare(b)).map(([region, ami]) => `| ${region} | [${ami}](${amiConsoleUrl(region, ami)}) |`);
  const how = result.reused ? "Reused an earlier bake with the same bake hash: Packer did not run." : `Baked with Packer ${result.packerVersion}.`;
  return [
    `### bake-ami: ${result.amiId}`,
    "",
    how,
    "",
    "| Region | AMI |",
    "| --- | --- |",
    ...rows,
    "",
    `Bake hash: \`${result.bakeHash}\``,
    ...result.manifest ? ["", `Manifest: \`${result.manifest}\``] : [],
    ...links.runUrl ? ["", `Run: [${links.runUrl}](${links.runUrl})`] : [],
    ""
  ].join("\n");
}

// packages/core/src/run.ts
var import_node_crypto4 = require("node:crypto");
var import_node_os3 = require("node:os");
function runUrlFrom(env) {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  return GITHUB_REPOSITORY && GITHUB_RUN_ID ? `${GITHUB_SERVER_URL ?? "https://github.com"}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` : void 0;
}
function runOwnerFrom(env, sources = {}) {
  const processId = sources.processId ?? (0, import_node_crypto4.randomBytes)(4).toString("hex");
  const { GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (GITHUB_REPOSITORY && GITHUB_RUN_ID) {
    const job = `${GITHUB_REPOSITORY}#${GITHUB_RUN_ID}/${env.GITHUB_JOB || "job"}`;
    const attempt = Number(env.GITHUB_RUN_ATTEMPT);
    const known = Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
    return { id: `${job}/${known}/${processId}`, job, attempt: known, run: runUrlFrom(env) };
  }
  const user = env.USER || env.USERNAME || env.LOGNAME || sources.user || osUser();
  return { id: `local:${user}@${sources.host ?? (0, import_node_os3.hostname)()}/${processId}`, run: void 0 };
}
function osUser() {
  try {
    return (0, import_node_os3.userInfo)().username || "unknown";
  } catch {
    return "unknown";
  }
}
var LOCAL_OWNER = runOwnerFrom({
  USER: process.env.USER,
  USERNAME: process.env.USERNAME
});

// packages/core/src/ami/prune.ts
async function planAmiPrune(aws, options2, logger = silentLogger) {
  if (!Number.isInteger(options2.keep) || options2.keep < 1) {
    throw new ImmutableError("INVALID_INPUT", `Invalid keep ${options2.keep}: expected a whole number ≥ 1.`);
  }
  if (options2.region !== void 0 && options2.region !== aws.region) {
    throw new ImmutableError("INTERNAL", `Pruning ${options2.region} with clients for ${aws.region}.`);
  }
  const [images, inUse] = await Promise.all([lineageImages(aws, options2.lineage), amisInUse(aws, logger)]);
  const protect = new Set(options2.protect ?? []);
  const plan = {
    region: aws.region,
    lineage: options2.lineage,
    keep: options2.keep,
    kept: [],
    pruned: [],
    spared: []
  };
  const repository = pruningRepository(images, options2);
  const ours = [];
  for (const image of images) {
    const ami = image.ImageId ?? "";
    const imageRepository = tag(image, BAKE_TAG_KEYS.repository);
    const reason = !tag(image, BAKE_TAG_KEYS.bakeHash) ? `not made by a bake (no ${BAKE_TAG_KEYS.bakeHash} tag)` : !sameRepository(imageRepository, repository) ? `baked by another repository (${BAKE_TAG_KEYS.repository} ${JSON.stringify(imageRepository ?? "")}, not ${JSON.stringify(repository ?? "")})` : void 0;
    if (reason) {
      plan.spared.push({ ami, reason });
      logger.info(`Spare ${ami} (${JSON.stringify(image.Name ?? "no name")}): ${reason}.`);
    } else {
      ours.push(image);
    }
  }
  ours.sort(
    (a, b) => (b.CreationDate ?? "").localeCompare(a.CreationDate ?? "") || (b.ImageId ?? "").localeCompare(a.ImageId ?? "")
  );
  const kept = new Set(ours.filter((image) => protect.has(image.ImageId ?? "")).map((i) => i.ImageId ?? ""));
  for (const image of ours) {
    if (kept.size >= options2.keep) break;
    kept.add(image.ImageId ?? "");
  }
  for (const image of ours) {
    const ami = image.ImageId ?? "";
    const what = `${ami} (${image.Name ?? "no name"}, ${image.CreationDate ?? "no date"})`;
    if (kept.has(ami)) {
      plan.kept.push(ami);
      logger.info(
        `Keep ${what}: ${protect.has(ami) ? "this bake’s AMI" : `among the newest ${options2.keep}`}.`
      );
      continue;
    }
    const users = inUse.get(ami);
    const reason = users ? `used by launch template ${users.join(", ")}` : image.State !== "available" ? `state ${image.State ?? "unknown"}` : void 0;
    if (reason) {
      plan.spared.push({ ami, reason });
      logger.info(`Spare ${what}: ${reason}.`);
      continue;
    }
    const snapshots = (image.BlockDeviceMappings ?? []).flatMap(
      (m) => m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []
    );
    plan.pruned.push({
      ami,
      ...image.Name !== void 0 ? { name: image.Name } : {},
      ...image.CreationDate !== void 0 ? { created: image.CreationDate } : {},
      snapshots
    });
    logger.info(`Prune ${what}${snapshots.length ? ` and snapshot(s) ${snapshots.join(", ")}` : ""}.`);
  }
  return plan;
}
async function pruneAmis(aws, options2, logger = silentLogger) {
  const plan = await planAmiPrune(aws, options2, logger);
  const dryRun = options2.dryRun === true;
  if (dryRun) {
    logger.info(
      `Dry run: would prune ${plan.pruned.length} AMI(s) of lineage ${plan.lineage} in ${plan.region}; nothing was changed.`
    );
    return { ...plan, dryRun };
  }
  const failures = [];
  for (const item of plan.pruned) {
    try {
      await aws.ec2.deregisterImage({ ImageId: item.ami });
      logger.info(`Deregistered ${item.ami}.`);
    } catch (error2) {
      if (!isGone(error2)) {
        failures.push(`${item.ami}: ${describeError(error2)}`);
        continue;
      }
    }
    for (const snapshot of item.snapshots) {
      try {
        await aws.ec2.deleteSnapshot({ SnapshotId: snapshot });
        logger.info(`Deleted snapshot ${snapshot} of ${item.ami}.`);
      } catch (error2) {
        if (awsErrorName(error2) === "InvalidSnapshot.NotFound") continue;
        failures.push(`snapshot ${snapshot} of ${item.ami}: ${describeError(error2)}`);
      }
    }
  }
  if (failures.length > 0) {
    throw new ImmutableError("AWS", `Pruning lineage ${plan.lineage} left: ${failures.join("; ")}`);
  }
  return { ...plan, dryRun };
}
async function pruneAfterBake(result, keep, logger = silentLogger) {
  const results = [];
  for (const [region, ami] of Object.entries(result.amis).sort(([a], [b]) => a.localeCompare(b))) {
    const aws = createAwsClients({ region });
    try {
      logger.info(`Pruning lineage ${result.lineage} in ${region}, keeping ${keep}.`);
      results.push(await pruneAmis(aws, { lineage: result.lineage, keep, region, protect: [ami] }, logger));
    } finally {
      aws.destroy();
    }
  }
  return results;
}
function prunedAmiIds(results) {
  return results.flatMap((r) => r.dryRun ? [] : r.pruned.map((p) => p.ami));
}
function pruneSummary(results, error2) {
  if (error2 !== void 0) return `**AMI pruning failed:** ${describeError(error2)}`;
  const first = results[0];
  const pruned = results.flatMap((r) => r.pruned.map((p) => ({ region: r.region, ...p })));
  const spared = results.flatMap((r) => r.spared.map((s) => ({ region: r.region, ...s })));
  const verb = results.some((r) => r.dryRun) ? "Would prune" : "Pruned";
  const lineage = first ? ` of lineage \`${first.lineage}\` (keeping ${first.keep})` : "";
  const lines2 = [
    pruned.length === 0 ? `No AMI pruned${lineage}.` : `${verb} ${pruned.length} older AMI(s)${lineage}:`,
    ""
  ];
  for (const p of pruned) {
    const snapshots = p.snapshots.length ? `, snapshots ${p.snapshots.join(", ")}` : "";
    lines2.push(`- ${p.region} ${p.ami}${p.name ? ` (${p.name})` : ""}${snapshots}`);
  }
  for (const s of spared) lines2.push(`- spared ${s.region} ${s.ami}: ${s.reason}`);
  return lines2.join("\n").trimEnd();
}
async function lineageImages(aws, lineage) {
  const images = [];
  let token;
  do {
    const page = await aws.ec2.describeImages({
      Owners: ["self"],
      Filters: [{ Name: `tag:${BAKE_TAG_KEYS.lineage}`, Values: [lineage] }],
      MaxResults: 1e3,
      ...token ? { NextToken: token } : {}
    });
    images.push(...page.Images ?? []);
    token = page.NextToken;
  } while (token);
  return images.filter((image) => image.ImageId && image.State !== "deregistered");
}
async function amisInUse(aws, logger) {
  const templates = [];
  let token;
  do {
    const page = await aws.ec2.describeLaunchTemplates({
      MaxResults: 200,
      ...token ? { NextToken: token } : {}
    });
    templates.push(...page.LaunchTemplates ?? []);
    token = page.NextToken;
  } while (token);
  const used = /* @__PURE__ */ new Map();
  for (const template of templates) {
    if (!template.LaunchTemplateId) continue;
    const versions = await aws.ec2.describeLaunchTemplateVersions({
      LaunchTemplateId: template.LaunchTemplateId,
      Versions: ["$Default", "$Latest"]
    });
    for (const version of versions.LaunchTemplateVersions ?? []) {
      const image = version.LaunchTemplateData?.ImageId;
      if (!image) continue;
      if (image.startsWith("resolve:ssm:")) {
        logger.warn(
          `Launch template ${template.LaunchTemplateName} v${version.VersionNumber} takes its AMI from ${image}: not resolved, so it protects nothing.`
        );
        continue;
      }
      const which2 = `${template.LaunchTemplateName ?? template.LaunchTemplateId} v${version.VersionNumber ?? "?"}${version.DefaultVersion ? " (default)" : ""}`;
      const users = used.get(image) ?? [];
      if (!users.includes(which2)) used.set(image, [...users, which2]);
    }
  }
  return used;
}
var sameRepository = (a, b) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
function pruningRepository(images, options2) {
  if (options2.repository !== void 0) return options2.repository;
  const protectedImage = images.find((image) => options2.protect?.includes(image.ImageId ?? ""));
  if (protectedImage) return tag(protectedImage, BAKE_TAG_KEYS.repository);
  const baked = images.filter((image) => tag(image, BAKE_TAG_KEYS.bakeHash));
  const repositories = [
    ...new Set(baked.map((image) => (tag(image, BAKE_TAG_KEYS.repository) ?? "").toLowerCase()))
  ];
  if (repositories.length > 1) {
    throw new ImmutableError(
      "INVALID_INPUT",
      `Lineage ${options2.lineage} holds AMIs of ${repositories.length} repositories (${repositories.map((r) => JSON.stringify(r)).join(", ")}): say whose to prune with repository.`
    );
  }
  return repositories[0];
}
function tag(image, key) {
  return image.Tags?.find((t) => t.Key === key)?.Value;
}
function isGone(error2) {
  const name = awsErrorName(error2);
  return name === "InvalidAMIID.NotFound" || name === "InvalidAMIID.Unavailable";
}

// packages/action-kit/src/index.ts
var actionsLogger = {
  info: (message) => info(message),
  warn: (message) => warning(message),
  debug: (message) => debug(message)
};
function actionRuntime() {
  return systemRuntime(actionsLogger, { heartbeatMs: heartbeatFromEnv(process.env) });
}
function readInput(name) {
  const value = getInput(name);
  return value === "" ? void 0 : value;
}
function readInputs(names) {
  const result = {};
  for (const key of Object.keys(names)) result[key] = readInput(names[key]);
  return result;
}
function setOutputs(outputs) {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== void 0) setOutput(name, String(value));
  }
}
async function writeSummary(markdown) {
  if (process.env.GITHUB_STEP_SUMMARY) {
    await summary.addRaw(markdown, true).write();
  } else {
    info(markdown);
  }
}
async function runStep(main) {
  try {
    await main();
  } catch (error2) {
    setFailed(describeError(error2));
    const code = error2.code;
    if (typeof code === "string") debug(`error code: ${code}`);
    if (error2 instanceof Error && error2.stack) debug(error2.stack);
  }
}
function cancellationSignal() {
  const controller = new AbortController();
  const abort = (signal) => () => controller.abort(new Error(`received ${signal}`));
  process.once("SIGINT", abort("SIGINT"));
  process.once("SIGTERM", abort("SIGTERM"));
  return controller.signal;
}
function isMainScript(filename, argv1 = process.argv[1]) {
  if (argv1 === void 0) return false;
  const real = (path6) => {
    try {
      return (0, import_node_fs7.realpathSync)(path6);
    } catch {
      return void 0;
    }
  };
  const target = real(filename) ?? filename;
  const targets = (0, import_node_path7.basename)(target) === "main.js" ? [target, (0, import_node_path7.join)((0, import_node_path7.dirname)(target), "index.js")] : [target];
  return [argv1, `${argv1}.js`, (0, import_node_path7.join)(argv1, "index.js")].some((candidate) => {
    const resolved = real(candidate);
    return resolved !== void 0 && targets.includes(resolved);
  });
}
function actionEntry(filename, run2) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (isMainScript(filename)) void run2();
}
var runUrl = () => runUrlFrom(process.env);

// actions/bake-ami/src/main.ts
var import_node_crypto5 = require("node:crypto");
async function run() {
  await runStep(async () => {
    const options2 = parseBakeOptions(readInputs(BAKE_INPUTS), {
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd()
    });
    for (const secret of secretVarValues(options2.vars, options2.secretVars, process.env)) {
      core_exports.setSecret(secret);
    }
    if (options2.githubToken) core_exports.setSecret(options2.githubToken);
    const runtime = actionRuntime();
    const result = await bakeAmi({
      options: options2,
      provenance: provenanceFromEnv(process.env),
      runtime,
      signal: cancellationSignal(),
      group: async (title, body) => {
        core_exports.startGroup(title);
        const token = (0, import_node_crypto5.randomBytes)(16).toString("hex");
        core_exports.info(`::stop-commands::${token}`);
        try {
          return await body();
        } finally {
          core_exports.info(`::${token}::`);
          core_exports.endGroup();
        }
      }
    });
    setOutputs({
      [BAKE_OUTPUTS.amiId]: result.amiId,
      [BAKE_OUTPUTS.amis]: JSON.stringify(result.amis),
      [BAKE_OUTPUTS.manifest]: result.manifest,
      [BAKE_OUTPUTS.reused]: result.reused,
      [BAKE_OUTPUTS.boxPath]: result.boxPath
    });
    const pruning = options2.keepAmis ? await pruneAfterBake(result, options2.keepAmis, runtime.logger).then(
      (results) => ({ results, error: void 0 }),
      (error2) => ({ results: [], error: error2 })
    ) : void 0;
    setOutputs({ [BAKE_OUTPUTS.prunedAmis]: JSON.stringify(prunedAmiIds(pruning?.results ?? [])) });
    await writeSummary(
      bakeSummary(result, { runUrl: runUrl() }) + (pruning ? `
${pruneSummary(pruning.results, pruning.error)}
` : "")
    );
    if (pruning?.error !== void 0) throw pruning.error;
  });
}
function provenanceFromEnv(env) {
  const { GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF } = env;
  const url = runUrl();
  return {
    ...GITHUB_REPOSITORY ? { repository: GITHUB_REPOSITORY } : {},
    ...GITHUB_SHA ? { commit: GITHUB_SHA } : {},
    ...GITHUB_REF ? { ref: GITHUB_REF } : {},
    ...url ? { runUrl: url } : {}
  };
}

// actions/bake-ami/src/index.ts
actionEntry(__filename, run);
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  run
});
