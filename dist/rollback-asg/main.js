const __bundleUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
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

// actions/rollback-asg/src/index.ts
var index_exports = {};
__export(index_exports, {
  run: () => run
});
module.exports = __toCommonJS(index_exports);

// packages/action-kit/src/index.ts
var import_node_fs = require("node:fs");
var import_node_path = require("node:path");

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
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/@actions/core/lib/core.js
var os4 = __toESM(require("os"), 1);

// node_modules/@actions/core/lib/summary.js
var import_os = require("os");
var import_fs = require("fs");
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
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
    function step(result2) {
      result2.done ? resolve(result2.value) : adopt(result2.value).then(fulfilled, rejected);
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
    return __awaiter(this, void 0, void 0, function* () {
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
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
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
    return __awaiter(this, void 0, void 0, function* () {
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
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
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
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
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
  addImage(src, alt, options) {
    const { width, height } = options || {};
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
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
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
var summary = _summary;

// node_modules/@actions/core/lib/platform.js
var import_os2 = __toESM(require("os"), 1);

// node_modules/@actions/io/lib/io-util.js
var fs2 = __toESM(require("fs"), 1);
var { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs2.promises;
var IS_WINDOWS = process.platform === "win32";
var READONLY = fs2.constants.O_RDONLY;

// node_modules/@actions/exec/lib/toolrunner.js
var IS_WINDOWS2 = process.platform === "win32";

// node_modules/@actions/core/lib/platform.js
var platform = import_os2.default.platform();
var arch = import_os2.default.arch();

// node_modules/@actions/core/lib/core.js
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os4.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
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
function info(message) {
  process.stdout.write(message + os4.EOL);
}

// packages/core/src/errors.ts
var ImmutableError = class extends Error {
  name = "ImmutableError";
  code;
  constructor(code, message, options) {
    super(message, options);
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
var realSleep = (ms, signal) => new Promise((resolve, reject) => {
  if (signal?.aborted) return reject(abortReason(signal));
  const timer = setTimeout(() => {
    signal?.removeEventListener("abort", onAbort);
    resolve();
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
function systemRuntime(logger = consoleLogger, options = {}) {
  return {
    clock: systemClock,
    sleep: realSleep,
    logger: timestamped(logger, systemClock),
    random: Math.random,
    ...options.progress ? { progress: options.progress } : {},
    ...options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {},
    schedule: unrefSchedule
  };
}

// packages/core/src/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
var MAX_TIMER_MS = 2 ** 31 - 1;
function parseDuration(name, text, bounds = {}) {
  const min = bounds.min ?? 0;
  const max = bounds.max ?? MAX_TIMER_MS;
  const range = `from ${unitText(min)} to ${unitText(max)}`;
  const value = text.trim();
  let ms;
  if (/^\d+$/.test(value)) {
    ms = Number(value) * 1e3;
  } else {
    const parts = [...value.matchAll(/(\d+)(ms|s|m|h|d)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) {
      throw invalidInput(name, text, `a duration such as 90s, 10m, 1h30m or 7d, ${range}`);
    }
    ms = parts.reduce((total, [, amount, unit]) => total + Number(amount) * (UNIT_MS[unit ?? "s"] ?? 0), 0);
  }
  if (!Number.isSafeInteger(ms) || ms < min || ms > max) {
    const why = ms === 0 && bounds.zeroRefused ? ` (${bounds.zeroRefused})` : "";
    throw invalidInput(name, text, `a duration ${range}${why}`);
  }
  return ms;
}
var HOUR = 36e5;
var DAY = 24 * HOUR;
var DURATION_BOUNDS = {
  healthTimeout: { min: 1e3, max: 6 * HOUR },
  bakeTime: { max: DAY },
  stepWait: { max: DAY },
  lockTimeout: { max: 6 * HOUR },
  disabledTtl: {
    min: 6e4,
    max: 365 * DAY,
    zeroRefused: "a group that expires at once loses its warm rollback; use previous-group: scale-to-zero"
  }
};
function unitText(ms) {
  if (ms === 0) return "0";
  for (const unit of ["d", "h", "m", "s"]) {
    const size = UNIT_MS[unit] ?? 1;
    if (unit === "d" && ms < 2 * size) continue;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
function formatDuration(ms) {
  if (ms < 1e3) return `${Math.round(ms)}ms`;
  const seconds2 = Math.round(ms / 1e3);
  if (seconds2 < 120) return `${seconds2}s`;
  const minutes = Math.floor(seconds2 / 60);
  if (minutes < 120) return `${minutes}m${seconds2 % 60 ? `${seconds2 % 60}s` : ""}`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h${minutes % 60 ? `${minutes % 60}m` : ""}` : `${Math.floor(hours / 24)}d`;
}

// packages/core/src/version.ts
var VERSION = "0.1.0";

// packages/core/src/poll/progress.ts
var DEFAULT_HEARTBEAT_MS = 3e4;
var HEARTBEAT_ENV = "IMMUTABLE_HEARTBEAT_SECONDS";
function heartbeatFromEnv(env) {
  const text = env[HEARTBEAT_ENV]?.trim();
  if (!text) return void 0;
  const seconds2 = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds2 > 0)) {
    throw new ImmutableError(
      "INVALID_INPUT",
      `Invalid ${HEARTBEAT_ENV} "${text}": expected a positive number of seconds, such as 30 or 0.5.`
    );
  }
  return Math.round(seconds2 * 1e3);
}
function countsText(counts) {
  return counts.map((c) => `${c.value}/${c.of} ${c.label}`).join(", ");
}
var seconds = (ms) => formatDuration(Math.round(ms / 1e3) * 1e3).replace(/^0ms$/, "0s");
function progressLine(event) {
  const counts = countsText(event.counts);
  const seen = counts && event.status ? `${counts} — ${event.status}` : counts || event.status;
  const times = `${seconds(event.elapsedMs)} elapsed`;
  if (event.kind === "done") {
    return event.outcome === "success" ? `Done waiting for ${event.what} after ${times.replace(" elapsed", "")}: ${seen}` : `Stopped waiting for ${event.what} after ${times.replace(" elapsed", "")} (${event.outcome}): ${seen}`;
  }
  return `Waiting for ${event.what}: ${seen} (${times}, ${seconds(event.leftMs)} left)`;
}
function logProgress(logger) {
  return (event) => {
    if (event.kind === "done") {
      if (event.attempts > 1) logger.info(progressLine(event));
      return;
    }
    logger.info(progressLine(event));
  };
}

// packages/core/src/poll/poller.ts
async function poll(runtime, options, check) {
  const minDelay = options.minDelayMs ?? 2e3;
  const maxDelay = Math.max(minDelay, options.maxDelayMs ?? 15e3);
  const heartbeat = runtime.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const report = runtime.progress ?? logProgress(runtime.logger);
  const started = runtime.clock.now();
  const deadline = started + options.timeoutMs;
  const seen = {};
  let lastReason = "";
  let lastCounts = [];
  let lastReported = started;
  let attempts = 0;
  const emit = (kind, outcome) => {
    const now = runtime.clock.now();
    lastReported = now;
    report({
      kind,
      what: options.what,
      elapsedMs: now - started,
      leftMs: Math.max(0, deadline - now),
      attempts,
      status: lastReason,
      counts: lastCounts,
      ...outcome ? { outcome } : {}
    });
  };
  const aborted = (cause) => {
    emit("done", "aborted");
    return new ImmutableError("ABORTED", `Stopped waiting for ${options.what}: aborted.`, { cause });
  };
  for (let attempt = 1; ; attempt++) {
    attempts = attempt;
    if (options.signal?.aborted) throw aborted(options.signal.reason);
    let state;
    try {
      state = await check(attempt);
    } catch (error2) {
      if (!options.isTransient?.(error2)) throw error2;
      state = {
        state: "retry",
        reason: `transient error: ${error2 instanceof Error ? error2.name : String(error2)}`,
        counts: lastCounts
      };
    }
    if (state.state !== "retry") {
      if (state.counts) lastCounts = state.counts;
      if (state.state === "failure") lastReason = state.reason;
      emit("done", state.state);
      if (state.state === "success") {
        return { value: state.value, attempts: attempt, elapsedMs: runtime.clock.now() - started, seen };
      }
      throw new ImmutableError("UNHEALTHY", `Gave up waiting for ${options.what}: ${state.reason}.`);
    }
    const counts = state.counts ?? [];
    const changed = attempt === 1 || state.reason !== lastReason || !sameCounts(counts, lastCounts);
    lastReason = state.reason;
    lastCounts = counts;
    seen[state.reason] = (seen[state.reason] ?? 0) + 1;
    if (changed) emit("change");
    else if (runtime.clock.now() - lastReported >= heartbeat) emit("heartbeat");
    const now = runtime.clock.now();
    if (now >= deadline) {
      emit("done", "timeout");
      throw new ImmutableError(
        "TIMEOUT",
        `Timed out after ${Math.round((now - started) / 1e3)}s waiting for ${options.what}: ${lastReason}.`
      );
    }
    const ceiling = Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
    const delay = Math.min(minDelay + runtime.random() * (ceiling - minDelay), deadline - now);
    const wake = now + delay;
    for (let at = runtime.clock.now(); at < wake; at = runtime.clock.now()) {
      const nextBeat = lastReported + heartbeat;
      const piece = Math.min(wake - at, Math.max(0, nextBeat - at));
      try {
        if (piece > 0) await runtime.sleep(piece, options.signal);
      } catch (error2) {
        throw aborted(error2);
      }
      if (runtime.clock.now() >= nextBeat) emit("heartbeat");
      if (piece <= 0 && runtime.clock.now() < nextBeat) break;
    }
  }
}
function sameCounts(a, b) {
  return a.length === b.length && a.every((c, i) => c.label === b[i]?.label && c.value === b[i]?.value && c.of === b[i]?.of);
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
      const result2 = await next(args);
      if (context.commandName !== OPERATION) return result2;
      const response = result2.response;
      if (!response || response.statusCode !== 200 || !isStream(response.body)) return result2;
      const bytes = await readAll(response.body);
      response.body = bytes;
      context[RAW_FIELDS] = groupElements(Buffer.from(bytes).toString("utf8"));
      return result2;
    },
    // "after" the deserializer is inside it: this sees the HTTP answer before it is parsed.
    { relation: "after", toMiddleware: "deserializerMiddleware", name: "immutableRawGroupFieldsRead" }
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result2 = await next(args);
      const raw = context[RAW_FIELDS];
      const groups = result2.output?.AutoScalingGroups;
      if (!raw || !groups || raw.length !== groups.length) return result2;
      groups.forEach((group, index) => {
        for (const [name, text] of raw[index] ?? []) if (!(name in group) && text !== "") group[name] = text;
      });
      return result2;
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
  const path = [];
  let open2;
  for (const tag of xml.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g)) {
    const [whole, closing, name, selfClosing] = tag;
    const at = tag.index;
    const inGroup = path.length === 4 && path[2] === "AutoScalingGroups" && path[3] === "member";
    if (closing) {
      path.pop();
      if (open2 && path.length === 4 && name === open2.name) {
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
    path.push(name);
    if (path.length === 4 && path[2] === "AutoScalingGroups" && name === "member") groups.push(/* @__PURE__ */ new Map());
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
function createAwsClients(options = {}) {
  const region = resolveRegion(options.region);
  const config = {
    region,
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? Number(process.env.IMMUTABLE_AWS_MAX_ATTEMPTS ?? 8),
    customUserAgent: `immutable-actions/${VERSION}`,
    requestHandler: { connectionTimeout: 5e3, requestTimeout: 3e4 },
    ...options.endpoint ? { endpoint: options.endpoint } : {}
  };
  const clientConfig = async () => ({ ...config, ...await retryStrategyFromEnv(config.maxAttempts) });
  const server = serverClockOf(options.clock ?? systemClock);
  const made = [];
  const lazyClient = (make) => once(async () => {
    const client = await make();
    if (options.onCall) countCalls(client, options.onCall);
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
        const result2 = await next(args);
        observe(dateOf(result2.response));
        return result2;
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
var THROTTLING = /* @__PURE__ */ new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "SlowDown"
]);
var NETWORK = /* @__PURE__ */ new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND"]);
function isTransientAwsError(error2) {
  if (!(error2 instanceof Error)) return false;
  const e = error2;
  if (THROTTLING.has(e.name) || e.code !== void 0 && (THROTTLING.has(e.code) || NETWORK.has(e.code))) {
    return true;
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== void 0 && status >= 500) return true;
  return e.name === "TimeoutError" || /socket hang up|ECONNRESET|ECONNREFUSED/.test(e.message);
}
function isNotFoundError(error2, also) {
  if (!(error2 instanceof Error)) return false;
  const text = `${error2.name} ${error2.message}`;
  return /NotFound|does not exist|not found/i.test(text) || (also?.test(text) ?? false);
}
var EXPIRED = /* @__PURE__ */ new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired"]);
function isExpiredCredentialsError(error2) {
  for (let e = error2, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (EXPIRED.has(e.name) || EXPIRED.has(e.code ?? "")) return true;
  }
  return false;
}

// packages/core/src/naming/names.ts
var APP = /^[a-zA-Z0-9._]+$/;
var STACK = /^[a-zA-Z0-9._]*$/;
var DETAIL = /^[-a-zA-Z0-9._]*$/;
var LAUNCH_TEMPLATE_NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;
var PUSH_TOKEN = /(^|-)v\d{3,6}(-|$)/;
var GROUP = /^([-a-zA-Z0-9._~^]*)-v(\d{3,6})$/;
var MAX_APP_LENGTH = 28;
var MAX_NAME_LENGTH = 96;
var MAX_VERSION = 999;
function parseClusterName(cluster, inputName = "cluster") {
  const expected = "app[-stack[-detail]] with app of letters, digits, . or _ (e.g. myapp-prod or myapp--canary)";
  const [app = "", stack = "", ...rest] = cluster.split("-");
  const detail = rest.join("-");
  const fail = (why) => invalidInput(inputName, cluster, `${expected}; ${why}`);
  if (!APP.test(app)) throw fail("the app part is empty or has other characters");
  if (app.length > MAX_APP_LENGTH) throw fail(`the app part is longer than ${MAX_APP_LENGTH} characters`);
  if (!STACK.test(stack)) throw fail("the stack part has other characters");
  if (!DETAIL.test(detail))
    throw fail("the detail part has other characters (AWS launch template names allow no ~ or ^)");
  if (cluster.endsWith("-")) throw fail("it ends with -, which leaves an empty stack or detail");
  if (PUSH_TOKEN.test(stack) || PUSH_TOKEN.test(detail) || PUSH_TOKEN.test(cluster)) {
    throw fail("it contains a push token like -v001, which is reserved for group versions");
  }
  if (cluster.length + "-v000".length > MAX_NAME_LENGTH)
    throw fail(`it is longer than ${MAX_NAME_LENGTH - 5} characters`);
  if (!LAUNCH_TEMPLATE_NAME.test(formatGroupName(cluster, 0)))
    throw fail("its group names are not valid AWS launch template names");
  return { cluster, app, stack, detail };
}
function parseGroupName(name) {
  const match = GROUP.exec(name);
  if (!match || match[1] === void 0 || match[2] === void 0) return void 0;
  try {
    return { ...parseClusterName(match[1]), group: name, version: Number(match[2]) };
  } catch {
    return void 0;
  }
}
function formatGroupName(cluster, version) {
  return `${cluster}-v${String(version).padStart(3, "0")}`;
}
function nextGroupName(cluster, groups) {
  const ours = groups.map((g) => ({ parsed: parseGroupName(g.name), created: g.createdTime?.getTime() ?? 0 })).filter((g) => g.parsed?.cluster === cluster);
  if (ours.length > MAX_VERSION) {
    throw invalidInput("cluster", cluster, `fewer than ${MAX_VERSION + 1} groups; delete old groups first`);
  }
  const used = new Set(ours.map((g) => g.parsed.version % (MAX_VERSION + 1)));
  const newest = ours.reduce(
    (best, g) => !best || g.created > best.created || g.created === best.created && g.parsed.version > best.parsed.version ? g : best,
    void 0
  );
  let version = newest ? (newest.parsed.version + 1) % (MAX_VERSION + 1) : 0;
  while (used.has(version)) version = (version + 1) % (MAX_VERSION + 1);
  return formatGroupName(cluster, version);
}

// packages/core/src/inputs.ts
function required(name, value) {
  const text = value?.trim();
  if (!text) throw invalidInput(name, value ?? "", "a value (this input is required)");
  return text;
}
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
function parseList(value) {
  return (value ?? "").split(/[,\n]/).map((item) => item.trim()).filter(Boolean);
}
function parseChoice(name, value, choices, fallback) {
  const text = optional(value);
  if (text === void 0) return fallback;
  if (!choices.includes(text))
    throw invalidInput(name, text, `one of ${choices.join(", ")}`);
  return text;
}

// packages/core/src/packer/bake/summary.ts
function amiConsoleUrl(region, amiId) {
  return `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${amiId}`;
}

// packages/core/src/cluster/tags.ts
var TAGS = {
  cluster: "immutable:cluster",
  ami: "immutable:ami",
  sourceGroup: "immutable:source-group",
  /** ami-from-cluster: the cluster whose serving AMI this group runs. */
  promotedFrom: "immutable:promoted-from",
  run: "immutable:run",
  /** Who made the group (run and job, or the local user): only they resume its deploy after a crash. */
  deployBy: "immutable:deploy-by",
  /** Deploy progress: creating → waiting → serving; or failed, or rolled-back by an alarm. */
  phase: "immutable:phase",
  /** When the group was disabled (ISO time). */
  disabledAt: "immutable:disabled-at",
  /** When a disabled group expires (ISO time): cleanup scales it down, or deletes it when asked. */
  expiresAt: "immutable:expires-at",
  /** The capacity a group had before it was scaled to zero, `min/desired/max`, so a rollback restores it. */
  capacity: "immutable:capacity",
  /**
   * `previous-group: stopped`: the disabled group's warm pool is the deploy's own, put there to keep its
   * instances stopped. The value is `none`, or the user's own pool it replaced (JSON), put back on rollback.
   */
  warmPool: "immutable:warm-pool",
  /** rolling-red-black: the capacity the new group grows to, `min/desired/max`, so a re-run knows where it is going. */
  targetCapacity: "immutable:target-capacity",
  /** rolling-red-black: the last step (index into percentages) the new group reached. */
  rollingStep: "immutable:rolling-step",
  /** The min a group had before a traffic switch pinned it to min = desired; removed when unpinned. */
  pinnedMin: "immutable:pinned-min",
  /** One tag per target group ARN the group served: immutable:target-group:0, :1, … (a tag value holds 256 characters). */
  targetGroupPrefix: "immutable:target-group:",
  /** One tag per classic load balancer the group served: immutable:load-balancer:0, :1, … */
  loadBalancerPrefix: "immutable:load-balancer:",
  /** The processes the deploy itself suspended (comma-separated): enable resumes these and no others. */
  deploySuspended: "immutable:deploy-suspended",
  /** On a CloudWatch alarm the deploy copied: the group it was copied for, so it is deleted with that group. */
  alarmCopyOf: "immutable:alarm-for",
  /** Set on the bad group when a rollback starts, so a re-run after a crash finishes the same rollback. */
  rollbackTo: "immutable:rollback-to",
  /** Which run rolled it back: a re-run of that run finds its work done; another run may roll back further. */
  rollbackBy: "immutable:rollback-by",
  lockOwner: "immutable:lock-owner",
  lockRun: "immutable:lock-run",
  /** The holder's job, `repo#run_id/job`, and its attempt: a later attempt of that job may take the lock over. */
  lockJob: "immutable:lock-job",
  lockAttempt: "immutable:lock-attempt",
  lockExpires: "immutable:lock-expires"
};
var isUnfinished = (phase) => phase === "creating" || phase === "waiting" || phase === "rolling";
function recordedCapacity(tags, key = "immutable:capacity") {
  const match = /^(\d+)\/(\d+)\/(\d+)$/.exec(tags[key] ?? "");
  return match ? { min: Number(match[1]), desired: Number(match[2]), max: Number(match[3]) } : void 0;
}
var DISABLE_PROCESSES = ["Launch", "Terminate", "AddToLoadBalancer", "AZRebalance"];
function servedTargetGroupTags(arns) {
  return Object.fromEntries(arns.map((arn, i) => [`${TAGS.targetGroupPrefix}${i}`, arn]));
}
function servedTargetGroups(tags) {
  return numberedTags(tags, TAGS.targetGroupPrefix);
}
function servedLoadBalancerTags(names) {
  return Object.fromEntries(names.map((name, i) => [`${TAGS.loadBalancerPrefix}${i}`, name]));
}
function servedLoadBalancers(tags) {
  return numberedTags(tags, TAGS.loadBalancerPrefix);
}
function numberedTags(tags, prefix) {
  return Object.entries(tags).filter(([key]) => key.startsWith(prefix)).sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length))).map(([, value]) => value);
}
function deploySuspendedProcesses(tags, suspended) {
  const recorded = tags[TAGS.deploySuspended];
  if (recorded !== void 0) return recorded.split(",").filter((p) => p && suspended.includes(p));
  if (tags[TAGS.disabledAt] === void 0) return [];
  return DISABLE_PROCESSES.filter((p) => suspended.includes(p));
}

// packages/core/src/cluster/model.ts
function toServerGroup(group) {
  const parsed = group.AutoScalingGroupName ? parseGroupName(group.AutoScalingGroupName) : void 0;
  if (!parsed) return void 0;
  const tags = {};
  const userTags = [];
  for (const tag of group.Tags ?? []) {
    if (!tag.Key) continue;
    tags[tag.Key] = tag.Value ?? "";
    if (!tag.Key.startsWith("immutable:") && !tag.Key.startsWith("aws:")) {
      userTags.push({
        key: tag.Key,
        value: tag.Value ?? "",
        propagateAtLaunch: tag.PropagateAtLaunch ?? false
      });
    }
  }
  const suspendedProcesses = (group.SuspendedProcesses ?? []).flatMap(
    (p) => p.ProcessName ? [p.ProcessName] : []
  );
  const targetGroupArns = group.TargetGroupARNs ?? [];
  const recorded = servedTargetGroups(tags);
  const servedTargetGroupArns = recorded.length > 0 ? recorded : targetGroupArns;
  const loadBalancerNames = group.LoadBalancerNames ?? [];
  const recordedElbs = servedLoadBalancers(tags);
  const servedLoadBalancerNames = recordedElbs.length > 0 ? recordedElbs : loadBalancerNames;
  const ownSuspensions = deploySuspendedProcesses(tags, suspendedProcesses);
  const trafficSuspended = suspendedProcesses.includes("AddToLoadBalancer");
  const detached = servedTargetGroupArns.length + servedLoadBalancerNames.length > 0 && targetGroupArns.length + loadBalancerNames.length === 0;
  const spec = group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  const launchTemplate = spec ? {
    ...spec.LaunchTemplateId ? { id: spec.LaunchTemplateId } : {},
    ...spec.LaunchTemplateName ? { name: spec.LaunchTemplateName } : {},
    ...spec.Version ? { version: spec.Version } : {}
  } : void 0;
  return {
    name: parsed.group,
    cluster: parsed.cluster,
    version: parsed.version,
    createdTime: group.CreatedTime ?? /* @__PURE__ */ new Date(0),
    capacity: { min: group.MinSize ?? 0, max: group.MaxSize ?? 0, desired: group.DesiredCapacity ?? 0 },
    instances: (group.Instances ?? []).map((i) => ({
      id: i.InstanceId ?? "",
      lifecycleState: i.LifecycleState ?? "Unknown",
      healthStatus: i.HealthStatus ?? "Unknown",
      availabilityZone: i.AvailabilityZone ?? ""
    })),
    launchTemplate,
    targetGroupArns,
    servedTargetGroupArns,
    loadBalancerNames,
    servedLoadBalancerNames,
    suspendedProcesses,
    userSuspendedProcesses: suspendedProcesses.filter((p) => !ownSuspensions.includes(p)),
    subnets: (group.VPCZoneIdentifier ?? "").split(",").filter(Boolean),
    healthCheckType: group.HealthCheckType ?? "EC2",
    healthCheckGracePeriod: group.HealthCheckGracePeriod,
    terminationPolicies: group.TerminationPolicies ?? [],
    defaultCooldown: group.DefaultCooldown,
    tags,
    userTags,
    amiId: tags[TAGS.ami],
    phase: tags[TAGS.phase],
    enabled: !trafficSuspended && !detached,
    status: group.Status
  };
}

// packages/core/src/cluster/describe.ts
async function describeCluster(autoScaling, cluster) {
  return (await describeClusterGroups(autoScaling, cluster)).cluster;
}
async function describeClusterGroups(autoScaling, cluster) {
  const all = [];
  let nextToken;
  do {
    const page = await autoScaling.describeAutoScalingGroups({
      MaxRecords: 100,
      ...nextToken ? { NextToken: nextToken } : {}
    });
    all.push(...page.AutoScalingGroups ?? []);
    nextToken = page.NextToken;
  } while (nextToken);
  const groups = all.map(toServerGroup).filter((g) => g?.cluster === cluster && !g.status?.startsWith("Delete")).sort((a, b) => a.createdTime.getTime() - b.createdTime.getTime() || a.version - b.version);
  const names = new Set(groups.map((g) => g.name));
  const described = new Map(
    all.flatMap(
      (g) => g.AutoScalingGroupName && names.has(g.AutoScalingGroupName) ? [[g.AutoScalingGroupName, g]] : []
    )
  );
  return { cluster: { name: cluster, groups }, described };
}
async function describeGroups(autoScaling, names) {
  if (names.length === 0) return [];
  const answer = await autoScaling.describeAutoScalingGroups({ AutoScalingGroupNames: [...names] });
  return (answer.AutoScalingGroups ?? []).map(toServerGroup).filter((g) => g !== void 0);
}
function servingGroup(cluster) {
  return cluster.groups.filter((g) => g.enabled && !isUnfinished(g.phase) && g.phase !== "failed").at(-1);
}

// packages/core/src/cluster/traffic.ts
async function disableGroup(aws, runtime, group, options = {}) {
  const name = group.name;
  const records = {};
  if (servedTargetGroups(group.tags).length === 0 && group.targetGroupArns.length > 0) {
    Object.assign(records, servedTargetGroupTags(group.targetGroupArns));
  }
  if (servedLoadBalancers(group.tags).length === 0 && group.loadBalancerNames.length > 0) {
    Object.assign(records, servedLoadBalancerTags(group.loadBalancerNames));
  }
  const toSuspend = DISABLE_PROCESSES.filter((p) => !group.suspendedProcesses.includes(p));
  const own = [...deploySuspendedProcesses(group.tags, group.suspendedProcesses), ...toSuspend];
  if (group.tags[TAGS.deploySuspended] !== own.join(",")) records[TAGS.deploySuspended] = own.join(",");
  await tagGroup(aws, name, records);
  if (toSuspend.length > 0) {
    await aws.autoScaling.suspendProcesses({ AutoScalingGroupName: name, ScalingProcesses: toSuspend });
  }
  await detachTraffic(aws, group);
  const now = runtime.clock.now();
  await tagGroup(aws, name, {
    ...group.tags[TAGS.disabledAt] ? {} : {
      [TAGS.disabledAt]: new Date(now).toISOString(),
      ...options.ttlMs ? { [TAGS.expiresAt]: new Date(now + options.ttlMs).toISOString() } : {}
    },
    ...options.tags
  });
  runtime.logger.info(
    `Disabled ${name}: out of ${trafficLabel(group.servedTargetGroupArns, group.servedLoadBalancerNames)}, instances kept warm`
  );
}
function trafficLabel(targetGroups, loadBalancers) {
  return `${targetGroups.length} target group(s)${loadBalancers.length > 0 ? ` and ${loadBalancers.length} classic load balancer(s)` : ""}`;
}
async function enableGroup(aws, runtime, group) {
  const name = group.name;
  const toResume = deploySuspendedProcesses(group.tags, group.suspendedProcesses);
  if (toResume.length > 0) {
    await aws.autoScaling.resumeProcesses({ AutoScalingGroupName: name, ScalingProcesses: toResume });
  }
  const missing = group.servedTargetGroupArns.filter((arn) => !group.targetGroupArns.includes(arn));
  if (missing.length > 0) {
    await aws.autoScaling.attachTargetGroups({ AutoScalingGroupName: name, TargetGroupARNs: missing });
  }
  const missingElbs = group.servedLoadBalancerNames.filter((n) => !group.loadBalancerNames.includes(n));
  if (missingElbs.length > 0) {
    await aws.autoScaling.attachLoadBalancers({ AutoScalingGroupName: name, LoadBalancerNames: missingElbs });
  }
  const stale = [TAGS.disabledAt, TAGS.expiresAt, TAGS.capacity, TAGS.deploySuspended].filter(
    (key) => group.tags[key] !== void 0
  );
  if (stale.length > 0) {
    await aws.autoScaling.deleteTags({
      Tags: stale.map((Key) => ({ ResourceId: name, ResourceType: "auto-scaling-group", Key }))
    });
  }
  runtime.logger.info(
    `Enabled ${name}: in ${trafficLabel(group.servedTargetGroupArns, group.servedLoadBalancerNames)}`
  );
}
async function tagGroup(aws, group, tags) {
  const entries = Object.entries(tags);
  if (entries.length === 0) return;
  await aws.autoScaling.createOrUpdateTags({
    Tags: entries.map(([Key, Value]) => ({
      ResourceId: group,
      ResourceType: "auto-scaling-group",
      Key,
      Value,
      PropagateAtLaunch: false
    }))
  });
}
async function deregisterTargets(aws, targetGroupArns, instanceIds) {
  if (instanceIds.length === 0) return;
  const wanted = new Set(instanceIds);
  for (const arn of targetGroupArns) {
    const registered = (await aws.elbv2.describeTargetHealth({ TargetGroupArn: arn })).TargetHealthDescriptions ?? [];
    const still = registered.flatMap(
      (d) => d.Target?.Id && wanted.has(d.Target.Id) && d.TargetHealth?.State !== "draining" && d.TargetHealth?.State !== "unused" ? [{ Id: d.Target.Id }] : []
    );
    if (still.length > 0) await aws.elbv2.deregisterTargets({ TargetGroupArn: arn, Targets: still });
  }
}
async function detachTraffic(aws, group) {
  await detachFromTargetGroups(aws, group);
  await detachFromLoadBalancers(aws, group);
}
async function detachFromLoadBalancers(aws, group) {
  if (group.loadBalancerNames.length > 0) {
    await aws.autoScaling.detachLoadBalancers({
      AutoScalingGroupName: group.name,
      LoadBalancerNames: group.loadBalancerNames
    });
  }
  const ids = new Set(group.instances.map((i) => i.id));
  if (ids.size === 0) return;
  for (const name of group.servedLoadBalancerNames) {
    const states = (await aws.elb.describeInstanceHealth({ LoadBalancerName: name })).InstanceStates ?? [];
    const still = states.flatMap(
      (s) => s.InstanceId && ids.has(s.InstanceId) && s.State !== "Unknown" ? [{ InstanceId: s.InstanceId }] : []
    );
    if (still.length > 0) await aws.elb.deregisterInstances({ LoadBalancerName: name, Instances: still });
  }
}
async function detachFromTargetGroups(aws, group) {
  if (group.targetGroupArns.length > 0) {
    try {
      await aws.autoScaling.detachTargetGroups({
        AutoScalingGroupName: group.name,
        TargetGroupARNs: group.targetGroupArns
      });
    } catch (error2) {
      if (!(error2 instanceof Error && error2.name === "InvalidTarget")) throw error2;
    }
  }
  await deregisterTargets(
    aws,
    group.servedTargetGroupArns,
    group.instances.map((i) => i.id)
  );
}

// packages/core/src/cluster/consistency.ts
function isEventualConsistencyError(error2) {
  if (!(error2 instanceof Error)) return false;
  if (/^InvalidLaunchTemplate(Name|Id)\.NotFound/.test(error2.name)) return true;
  return /ValidationError/.test(error2.name) && /valid fully-formed launch template|launch template .*(does not exist|not found)|(group|AutoScalingGroup) name not found|No group found/i.test(
    error2.message
  );
}
function isAlreadyExistsError(error2) {
  return error2 instanceof Error && /AlreadyExists/.test(`${error2.name} ${error2.Code ?? ""}`);
}
async function createWithRetry(runtime, options, create2) {
  const outcome = await poll(
    runtime,
    {
      what: options.what,
      timeoutMs: options.timeoutMs ?? 12e4,
      minDelayMs: 1e3,
      maxDelayMs: 1e4,
      isTransient: isTransientAwsError,
      ...options.signal ? { signal: options.signal } : {}
    },
    async () => {
      try {
        await create2();
        return { state: "success", value: "created" };
      } catch (error2) {
        if (isEventualConsistencyError(error2)) {
          runtime.logger.info(
            `${options.what}: AWS has not caught up yet (${describeError(error2)}); retrying`
          );
          return { state: "retry", reason: describeError(error2) };
        }
        if (options.onExisting && isAlreadyExistsError(error2)) {
          const existing = await options.onExisting();
          if (existing === "ours") return { state: "success", value: "existing" };
          return { state: "retry", reason: "it exists but is not visible yet" };
        }
        throw error2;
      }
    }
  );
  return outcome.value;
}

// packages/core/src/cluster/launch-template.ts
async function readLaunchTemplate(ec2, ref, inputName) {
  const label = ref.id ?? ref.name ?? "";
  const version = ref.version ?? "$Default";
  let found;
  try {
    found = (await ec2.describeLaunchTemplateVersions({
      ...ref.id ? { LaunchTemplateId: ref.id } : { LaunchTemplateName: label },
      Versions: [version]
    })).LaunchTemplateVersions?.[0];
  } catch (error2) {
    if (error2 instanceof Error && /VersionNotFound/i.test(error2.name))
      throw notFound(inputName, `${label} version ${version}`);
    if (isNotFound(error2)) throw notFound(inputName, label);
    throw error2;
  }
  if (!found?.LaunchTemplateId || !found.LaunchTemplateName) throw notFound(inputName, label);
  if (!found.LaunchTemplateData) throw notFound(inputName, `${label} version ${version}`);
  return {
    id: found.LaunchTemplateId,
    name: found.LaunchTemplateName,
    version: String(found.VersionNumber ?? version),
    data: toRequestData(found.LaunchTemplateData)
  };
}
function toRequestData(data) {
  const copy = structuredClone(data);
  delete copy["ElasticGpuSpecifications"];
  delete copy["ElasticInferenceAccelerators"];
  return copy;
}
function templateDataFor(source, amiId, instanceType) {
  return { ...source, ImageId: amiId, ...instanceType ? { InstanceType: instanceType } : {} };
}
async function ensureLaunchTemplate(ec2, runtime, name, cluster, data) {
  const existing = await findTemplateByName(ec2, name);
  if (existing?.LaunchTemplateId) {
    const versions = await ec2.describeLaunchTemplateVersions({
      LaunchTemplateId: existing.LaunchTemplateId,
      Versions: ["$Default"]
    });
    const image = versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId;
    const ours = existing.Tags?.some((t) => t.Key === TAGS.cluster && t.Value === cluster);
    if (ours && image === data.ImageId)
      return { id: existing.LaunchTemplateId, version: "$Default", reused: true };
    if (!ours) {
      throw new ImmutableError(
        "CONFLICT",
        `Launch template ${name} already exists and was not made for cluster ${cluster}: rename or delete it.`
      );
    }
    await ec2.deleteLaunchTemplate({ LaunchTemplateId: existing.LaunchTemplateId });
  }
  let id;
  const result2 = await createWithRetry(
    runtime,
    {
      what: `creating launch template ${name}`,
      // The SDK's retry after a lost answer: the template made by the first attempt is ours if it says so.
      onExisting: async () => {
        const found = await findTemplateByName(ec2, name);
        if (!found?.LaunchTemplateId) return "not-visible-yet";
        const ours = found.Tags?.some((t) => t.Key === TAGS.cluster && t.Value === cluster);
        const image = found.Tags?.find((t) => t.Key === TAGS.ami)?.Value;
        if (!ours || image !== data.ImageId) {
          throw new ImmutableError(
            "CONFLICT",
            `Launch template ${name} appeared while this deploy created it, and is not this deploy's: rename or delete it.`
          );
        }
        id = found.LaunchTemplateId;
        return "ours";
      }
    },
    async () => {
      const created = await ec2.createLaunchTemplate({
        LaunchTemplateName: name,
        LaunchTemplateData: data,
        TagSpecifications: [
          {
            ResourceType: "launch-template",
            Tags: [
              { Key: TAGS.cluster, Value: cluster },
              { Key: TAGS.ami, Value: data.ImageId ?? "" }
            ]
          }
        ]
      });
      id = created.LaunchTemplate?.LaunchTemplateId;
    }
  );
  if (!id) throw new ImmutableError("AWS", `CreateLaunchTemplate for ${name} returned no id.`);
  return { id, version: "$Default", reused: result2 === "existing" };
}
async function findTemplateByName(ec2, name) {
  try {
    const answer = await ec2.describeLaunchTemplates({ LaunchTemplateNames: [name] });
    return answer.LaunchTemplates?.[0];
  } catch (error2) {
    if (isNotFound(error2)) return void 0;
    throw error2;
  }
}
async function deleteGroupTemplate(ec2, name, cluster) {
  const template = await findTemplateByName(ec2, name);
  if (!template?.LaunchTemplateId) return false;
  if (!template.Tags?.some((t) => t.Key === TAGS.cluster && t.Value === cluster)) return false;
  await ec2.deleteLaunchTemplate({ LaunchTemplateId: template.LaunchTemplateId });
  return true;
}
function isNotFound(error2) {
  return isNotFoundError(error2, /InvalidLaunchTemplateName|InvalidLaunchTemplateId/i);
}
function notFound(inputName, value) {
  return new ImmutableError(
    "NOT_FOUND",
    `Invalid ${inputName} ${JSON.stringify(value)}: no such launch template.`
  );
}

// packages/core/src/cluster/copies.ts
var SCALING_ALARM_POLICY_TYPES = /* @__PURE__ */ new Set(["StepScaling", "SimpleScaling", void 0]);
async function readGroupCopies(aws, source, now) {
  const [hookAnswer, notificationList, policies, scheduled] = await Promise.all([
    aws.autoScaling.describeLifecycleHooks({ AutoScalingGroupName: source }),
    listNotifications(aws, source),
    aws.autoScaling.listPolicies({ AutoScalingGroupName: source }),
    aws.autoScaling.listScheduledActions({ AutoScalingGroupName: source })
  ]);
  const hooks = hookAnswer.LifecycleHooks ?? [];
  const notifications = /* @__PURE__ */ new Map();
  for (const n of notificationList) {
    if (!n.TopicARN || !n.NotificationType) continue;
    notifications.set(n.TopicARN, [...notifications.get(n.TopicARN) ?? [], n.NotificationType]);
  }
  const scalingArns = new Set(
    policies.flatMap(
      (p) => SCALING_ALARM_POLICY_TYPES.has(p.PolicyType) && p.PolicyARN ? [p.PolicyARN] : []
    )
  );
  const alarms = [];
  if (scalingArns.size > 0) {
    const acting = (await aws.cloudWatch.listMetricAlarms({})).filter(
      (alarm) => actionsOf(alarm).some((a) => scalingArns.has(a))
    );
    alarms.push(
      ...await Promise.all(
        acting.map(async (alarm) => ({
          ...alarm,
          Tags: alarm.AlarmArn ? (await aws.cloudWatch.listTagsForResource({ ResourceARN: alarm.AlarmArn })).Tags ?? [] : []
        }))
      )
    );
  }
  const future = scheduled.filter((a) => isFuture(a, now));
  return {
    source,
    lifecycleHooks: hooks.flatMap(
      ({ AutoScalingGroupName: _, GlobalTimeout: __, ...hook }) => hook.LifecycleHookName && hook.LifecycleTransition ? [hook] : []
    ),
    notifications: [...notifications].map(([topicArn, types]) => ({ topicArn, types: types.sort() })),
    policies,
    alarms,
    scheduledActions: future,
    pastScheduledActions: scheduled.filter((a) => !future.includes(a)).map((a) => a.ScheduledActionName ?? "")
  };
}
async function listNotifications(aws, source) {
  try {
    return await aws.autoScaling.listNotificationConfigurations({ AutoScalingGroupNames: [source] });
  } catch (error2) {
    if (isNotEmulated(error2)) return [];
    throw error2;
  }
}
function isNotEmulated(error2) {
  const status = error2?.$metadata?.httpStatusCode;
  return status === 500 && process.env.AWS_ENDPOINT_URL !== void 0;
}
function actionsOf(alarm) {
  return [
    ...alarm.AlarmActions ?? [],
    ...alarm.OKActions ?? [],
    ...alarm.InsufficientDataActions ?? []
  ];
}
function isFuture(action, now) {
  if (action.EndTime && action.EndTime.getTime() <= now) return false;
  if (action.Recurrence) return true;
  const start = action.StartTime ?? action.Time;
  return start !== void 0 && start.getTime() > now;
}
function copiedName(name, from, to, unique) {
  if (name.includes(from)) return name.split(from).join(to).slice(0, 255);
  return unique ? `${name}-${to}`.slice(0, 255) : name;
}
function rewriteGroupDimension(value, from, to) {
  if (Array.isArray(value)) return value.map((v) => rewriteGroupDimension(v, from, to));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const record = value;
    if (record["Name"] === "AutoScalingGroupName" && record["Value"] === from)
      return { ...record, Value: to };
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, rewriteGroupDimension(v, from, to)])
    );
  }
  return value;
}
function hasGroupCopies(spec, copies) {
  return Boolean(spec?.warmPool) || (spec?.metrics.length ?? 0) > 0 || (spec?.userSuspended.length ?? 0) > 0 || copies !== void 0 && copies.lifecycleHooks.length + copies.notifications.length + copies.policies.length + copies.alarms.length + copies.scheduledActions.length > 0;
}
async function applyGroupCopies(aws, runtime, target, spec, copies, options = {}) {
  const from = copies?.source ?? spec?.source ?? "";
  const put = async (what, call) => {
    let answer;
    await createWithRetry(runtime, { what: `${what} on ${target}`, signal: options.signal }, async () => {
      answer = await call();
    });
    return answer;
  };
  const report = {
    lifecycleHooks: 0,
    notifications: 0,
    policies: 0,
    alarms: 0,
    scheduledActions: 0,
    warmPool: false,
    metrics: 0,
    suspended: []
  };
  if (spec?.warmPool) {
    const pool = spec.warmPool;
    await put(
      "putting the warm pool",
      () => aws.autoScaling.putWarmPool({
        AutoScalingGroupName: target,
        MinSize: pool.MinSize,
        MaxGroupPreparedCapacity: pool.MaxGroupPreparedCapacity,
        PoolState: pool.PoolState,
        InstanceReusePolicy: pool.InstanceReusePolicy
      })
    );
    report.warmPool = true;
  }
  for (const m of spec?.metrics ?? []) {
    await put(
      "enabling metrics",
      () => aws.autoScaling.enableMetricsCollection({
        AutoScalingGroupName: target,
        Granularity: m.granularity,
        Metrics: m.metrics
      })
    );
    report.metrics += m.metrics.length;
  }
  if (spec?.userSuspended.length) {
    const suspended = spec.userSuspended;
    await put(
      "suspending the processes the user suspended",
      () => aws.autoScaling.suspendProcesses({ AutoScalingGroupName: target, ScalingProcesses: suspended })
    );
    report.suspended = spec.userSuspended;
  }
  if (!copies) return report;
  for (const hook of copies.lifecycleHooks) {
    await put(
      `putting lifecycle hook ${hook.LifecycleHookName}`,
      () => aws.autoScaling.putLifecycleHook({ ...hook, AutoScalingGroupName: target })
    );
    report.lifecycleHooks++;
  }
  for (const n of copies.notifications) {
    await put(
      `putting notifications to ${n.topicArn}`,
      () => aws.autoScaling.putNotificationConfiguration({
        AutoScalingGroupName: target,
        TopicARN: n.topicArn,
        NotificationTypes: n.types
      })
    );
    report.notifications++;
  }
  const newArns = /* @__PURE__ */ new Map();
  for (const policy of copies.policies) {
    if (!policy.PolicyName) continue;
    const oldArn = policy.PolicyARN;
    const input = rewriteGroupDimension(
      {
        AutoScalingGroupName: target,
        PolicyName: copiedName(policy.PolicyName, from, target, false),
        PolicyType: policy.PolicyType,
        AdjustmentType: policy.AdjustmentType,
        MinAdjustmentMagnitude: policy.MinAdjustmentMagnitude,
        ScalingAdjustment: policy.ScalingAdjustment,
        Cooldown: policy.Cooldown,
        MetricAggregationType: policy.MetricAggregationType,
        StepAdjustments: policy.StepAdjustments,
        EstimatedInstanceWarmup: policy.EstimatedInstanceWarmup,
        TargetTrackingConfiguration: policy.TargetTrackingConfiguration,
        PredictiveScalingConfiguration: policy.PredictiveScalingConfiguration,
        Enabled: policy.Enabled
      },
      from,
      target
    );
    const answer = await put(
      `putting scaling policy ${input.PolicyName}`,
      () => aws.autoScaling.putScalingPolicy(input)
    );
    const arn = answer.PolicyARN ?? await policyArn(aws, target, input.PolicyName ?? "");
    if (oldArn && arn) newArns.set(oldArn, arn);
    report.policies++;
  }
  for (const alarm of copies.alarms) {
    if (!alarm.AlarmName) continue;
    const copy = copiedAlarm(alarm, from, target, newArns);
    await put(`putting alarm ${copy.AlarmName}`, () => aws.cloudWatch.putMetricAlarm(copy));
    report.alarms++;
  }
  for (const action of copies.scheduledActions) {
    if (!action.ScheduledActionName) continue;
    const start = action.StartTime ?? action.Time;
    const now = runtime.clock.now();
    const name = copiedName(action.ScheduledActionName, from, target, false);
    await put(
      `putting scheduled action ${name}`,
      () => aws.autoScaling.putScheduledAction({
        AutoScalingGroupName: target,
        ScheduledActionName: name,
        Recurrence: action.Recurrence,
        // A recurring action's StartTime in the past is refused by AWS; it recurs from now on.
        StartTime: start && start.getTime() > now ? start : void 0,
        EndTime: action.EndTime,
        TimeZone: action.TimeZone,
        MinSize: action.MinSize,
        MaxSize: action.MaxSize,
        DesiredCapacity: action.DesiredCapacity
      })
    );
    report.scheduledActions++;
  }
  runtime.logger.info(`Copied to ${target}: ${describeCopyReport(report)}`);
  return report;
}
async function policyArn(aws, group, name) {
  const [policy] = await aws.autoScaling.listPolicies({ AutoScalingGroupName: group, PolicyNames: [name] });
  return policy?.PolicyARN;
}
function copiedAlarm(alarm, from, to, newArns) {
  const repoint = (actions) => actions?.map((a) => newArns.get(a) ?? a);
  const tags = (alarm.Tags ?? []).filter((t) => t.Key !== TAGS.alarmCopyOf);
  return rewriteGroupDimension(
    {
      AlarmName: copiedName(alarm.AlarmName ?? "", from, to, true),
      AlarmDescription: alarm.AlarmDescription,
      ActionsEnabled: alarm.ActionsEnabled,
      OKActions: repoint(alarm.OKActions),
      AlarmActions: repoint(alarm.AlarmActions),
      InsufficientDataActions: repoint(alarm.InsufficientDataActions),
      MetricName: alarm.MetricName,
      Namespace: alarm.Namespace,
      Statistic: alarm.Statistic,
      ExtendedStatistic: alarm.ExtendedStatistic,
      Dimensions: alarm.Dimensions,
      Period: alarm.Period,
      Unit: alarm.Unit,
      EvaluationPeriods: alarm.EvaluationPeriods,
      DatapointsToAlarm: alarm.DatapointsToAlarm,
      Threshold: alarm.Threshold,
      ComparisonOperator: alarm.ComparisonOperator,
      TreatMissingData: alarm.TreatMissingData,
      EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile,
      Metrics: alarm.Metrics,
      ThresholdMetricId: alarm.ThresholdMetricId,
      Tags: [...tags, { Key: TAGS.alarmCopyOf, Value: to }]
    },
    from,
    to
  );
}
async function deleteCopiedAlarms(aws, group) {
  const arns = new Set(
    (await aws.autoScaling.listPolicies({ AutoScalingGroupName: group })).flatMap(
      (p) => p.PolicyARN ? [p.PolicyARN] : []
    )
  );
  if (arns.size === 0) return [];
  const doomed = [];
  for (const alarm of await aws.cloudWatch.listMetricAlarms({})) {
    if (!alarm.AlarmName || !alarm.AlarmArn || !actionsOf(alarm).some((a) => arns.has(a))) continue;
    const tags = (await aws.cloudWatch.listTagsForResource({ ResourceARN: alarm.AlarmArn })).Tags ?? [];
    if (tags.some((t) => t.Key === TAGS.alarmCopyOf && t.Value === group)) doomed.push(alarm.AlarmName);
  }
  for (let i = 0; i < doomed.length; i += 100) {
    await aws.cloudWatch.deleteAlarms({ AlarmNames: doomed.slice(i, i + 100) });
  }
  return doomed;
}
function describeCopyReport(report) {
  return [
    `${report.lifecycleHooks} lifecycle hook(s)`,
    `${report.policies} scaling policy(ies)`,
    `${report.alarms} alarm(s)`,
    `${report.scheduledActions} scheduled action(s)`,
    `${report.notifications} notification(s)`,
    `${report.metrics} metric(s)`,
    ...report.warmPool ? ["the warm pool"] : [],
    ...report.suspended.length > 0 ? [`suspended ${report.suspended.join(", ")} as the user had`] : []
  ].join(", ");
}
function describeCopies(copies) {
  const lines = [];
  for (const h of copies.lifecycleHooks)
    lines.push(
      `lifecycle hook ${h.LifecycleHookName} (${h.LifecycleTransition}, ${h.DefaultResult ?? "ABANDON"} after ${h.HeartbeatTimeout ?? 3600}s)`
    );
  for (const p of copies.policies)
    lines.push(`scaling policy ${p.PolicyName} (${p.PolicyType ?? "SimpleScaling"})`);
  for (const a of copies.alarms) lines.push(`alarm ${a.AlarmName}, re-pointed to the new group's policy`);
  if (copies.scheduledActions.length > 0)
    lines.push(`scheduled actions: ${copies.scheduledActions.map((a) => a.ScheduledActionName).join(", ")}`);
  if (copies.pastScheduledActions.length > 0)
    lines.push(`not copied (already past): ${copies.pastScheduledActions.join(", ")}`);
  for (const n of copies.notifications)
    lines.push(`notifications to ${n.topicArn}: ${n.types.length} type(s)`);
  return lines;
}

// packages/core/src/cluster/drain.ts
var DEFAULT_DELAY_SECONDS = 300;
async function waitUntilDrained(aws, runtime, group, options = {}) {
  const ids = new Set(group.instances.map((i) => i.id));
  if (ids.size === 0) return;
  const sources = [
    ...targetGroupSources(aws, ids, [.../* @__PURE__ */ new Set([...group.servedTargetGroupArns, ...group.targetGroupArns])]),
    ...classicSources(aws, ids, [
      .../* @__PURE__ */ new Set([...group.servedLoadBalancerNames ?? [], ...group.loadBalancerNames ?? []])
    ])
  ];
  if (sources.length === 0) return;
  const look = async () => (await Promise.all(sources.map(async (source) => ({ source, left: await source.draining() })))).filter(
    (s) => s.left > 0
  );
  const first = await look();
  if (first.length === 0) return;
  const delays = await Promise.all(first.map((s) => s.source.delaySeconds()));
  const delayMs = Math.max(...delays) * 1e3;
  if (delayMs === 0) return;
  runtime.logger.info(
    `Waiting for ${group.name}'s instances to drain (${[...new Set(first.map((s) => s.source.label))].join(" and ")} ${delayMs / 1e3} s) before they are terminated`
  );
  try {
    await poll(
      runtime,
      {
        what: `${group.name}'s instances to drain`,
        timeoutMs: delayMs,
        minDelayMs: 1e3,
        maxDelayMs: 1e4,
        isTransient: isTransientAwsError,
        ...options.signal ? { signal: options.signal } : {}
      },
      async () => {
        const left = (await look()).reduce((sum, s) => sum + s.left, 0);
        return left === 0 ? { state: "success", value: void 0 } : {
          state: "retry",
          reason: `${left} instance(s) draining`,
          counts: [{ label: "draining", value: left, of: ids.size }]
        };
      }
    );
  } catch (error2) {
    if (!(error2 instanceof ImmutableError && error2.code === "TIMEOUT")) throw error2;
  }
}
function targetGroupSources(aws, ids, arns) {
  if (arns.length === 0) return [];
  return arns.map((arn) => ({
    label: "deregistration delay",
    draining: async () => ((await aws.elbv2.describeTargetHealth({ TargetGroupArn: arn })).TargetHealthDescriptions ?? []).filter(
      (t) => t.Target?.Id && ids.has(t.Target.Id) && t.TargetHealth?.State === "draining"
    ).length,
    delaySeconds: () => attributeSeconds(async () => {
      const answer = await aws.elbv2.describeTargetGroupAttributes({ TargetGroupArn: arn });
      return answer.Attributes?.find((a) => a.Key === "deregistration_delay.timeout_seconds")?.Value;
    })
  }));
}
function classicSources(aws, ids, names) {
  return names.map((name) => ({
    label: "connection draining",
    draining: async () => ((await aws.elb.describeInstanceHealth({ LoadBalancerName: name })).InstanceStates ?? []).filter(
      (s) => s.InstanceId && ids.has(s.InstanceId) && s.State !== "Unknown"
    ).length,
    delaySeconds: () => attributeSeconds(async () => {
      const answer = await aws.elb.describeLoadBalancerAttributes({ LoadBalancerName: name });
      const draining = answer.LoadBalancerAttributes?.ConnectionDraining;
      if (!draining) return void 0;
      return draining.Enabled ? String(draining.Timeout ?? DEFAULT_DELAY_SECONDS) : "0";
    })
  }));
}
async function attributeSeconds(read) {
  try {
    const seconds2 = Number(await read());
    return Number.isFinite(seconds2) && seconds2 >= 0 ? seconds2 : DEFAULT_DELAY_SECONDS;
  } catch (error2) {
    if (isTransientAwsError(error2)) throw error2;
    return DEFAULT_DELAY_SECONDS;
  }
}

// packages/core/src/cluster/delete.ts
async function deleteGroup(aws, runtime, group) {
  await detachTraffic(aws, group);
  await waitUntilDrained(aws, runtime, group);
  const alarms = await deleteCopiedAlarms(aws, group.name);
  try {
    await aws.autoScaling.deleteAutoScalingGroup({ AutoScalingGroupName: group.name, ForceDelete: true });
  } catch (error2) {
    if (!isNotFoundError(error2, /ValidationError/i)) throw error2;
  }
  const templateDeleted = await deleteGroupTemplate(aws.ec2, group.name, group.cluster);
  runtime.logger.info(
    `Deleted ${group.name}${templateDeleted ? " and its launch template" : ""}${alarms.length > 0 ? `, and the ${alarms.length} alarm(s) copied for it` : ""}`
  );
}

// packages/core/src/cluster/cleanup.ts
async function scaleToZero(aws, runtime, group) {
  if (group.capacity.desired === 0 && group.capacity.min === 0) return;
  if (!group.tags[TAGS.capacity]) {
    const { min, desired, max } = group.capacity;
    await tagGroup(aws, group.name, { [TAGS.capacity]: `${min}/${desired}/${max}` });
  }
  await waitUntilDrained(aws, runtime, group);
  if (group.suspendedProcesses.includes("Terminate")) {
    await aws.autoScaling.resumeProcesses({
      AutoScalingGroupName: group.name,
      ScalingProcesses: ["Terminate"]
    });
  }
  await aws.autoScaling.updateAutoScalingGroup({
    AutoScalingGroupName: group.name,
    MinSize: 0,
    DesiredCapacity: 0
  });
  runtime.logger.info(
    `Scaled ${group.name} to zero (was ${group.capacity.desired} instance(s)); a rollback grows it back first`
  );
}
function planCleanup(cluster, now, includeNewest) {
  const serving = servingGroup(cluster);
  const disabled = cluster.groups.filter((g) => !g.enabled && !isUnfinished(g.phase) && g !== serving);
  const newestDisabled = disabled.at(-1);
  const expired = [];
  const spared = [];
  for (const group of disabled) {
    const expires = Date.parse(group.tags[TAGS.expiresAt] ?? "");
    if (Number.isNaN(expires) || expires > now) spared.push({ group: group.name, reason: "not expired" });
    else if (group === newestDisabled && !includeNewest)
      spared.push({ group: group.name, reason: "newest disabled group" });
    else expired.push(group);
  }
  return { cluster, expired, spared };
}
async function cleanupCluster(aws, runtime, options) {
  const cluster = await describeCluster(aws.autoScaling, options.cluster);
  const plan = planCleanup(cluster, runtime.clock.now(), options.includeNewest);
  const result2 = { plan, scaledDown: [], deleted: [] };
  for (const group of plan.expired) {
    const verb = options.delete ? "Delete" : "Scale to zero";
    if (options.dryRun) {
      runtime.logger.info(`${verb} ${group.name} (expired ${group.tags[TAGS.expiresAt]})`);
      continue;
    }
    if (options.delete) {
      await deleteGroup(aws, runtime, group);
      result2.deleted.push(group.name);
    } else if (group.capacity.desired > 0) {
      await scaleToZero(aws, runtime, group);
      result2.scaledDown.push(group.name);
    } else if (await retireWarmPool(aws, runtime, group)) {
      result2.scaledDown.push(group.name);
    }
  }
  for (const { group, reason } of plan.spared) runtime.logger.debug(`Kept ${group}: ${reason}`);
  return result2;
}

// packages/core/src/cluster/warm-pool.ts
var NO_USER_POOL = "none";
async function readWarmPool(aws, group) {
  return (await aws.autoScaling.describeWarmPool({ AutoScalingGroupName: group })).WarmPoolConfiguration;
}
function poolSettings(pool) {
  return {
    ...pool.MinSize !== void 0 ? { MinSize: pool.MinSize } : {},
    ...pool.MaxGroupPreparedCapacity !== void 0 ? { MaxGroupPreparedCapacity: pool.MaxGroupPreparedCapacity } : {},
    ...pool.PoolState ? { PoolState: pool.PoolState } : {},
    ...pool.InstanceReusePolicy?.ReuseOnScaleIn !== void 0 ? { ReuseOnScaleIn: pool.InstanceReusePolicy.ReuseOnScaleIn } : {}
  };
}
function recordedUserPool(tags) {
  const value = tags[TAGS.warmPool];
  if (value === void 0) return void 0;
  if (value === NO_USER_POOL) return null;
  try {
    return JSON.parse(value);
  } catch (error2) {
    throw new ImmutableError(
      "CONFLICT",
      `The ${TAGS.warmPool} tag of the group holds "${value}", neither "${NO_USER_POOL}" nor a warm pool: put the group's own warm pool back by hand, then delete the tag.`,
      { cause: error2 }
    );
  }
}
async function stopIntoWarmPool(aws, runtime, group) {
  const capacity = recordedCapacity(group.tags) ?? group.capacity;
  if (capacity.desired === 0) return false;
  if (group.tags[TAGS.warmPool] === void 0) {
    const own = await readWarmPool(aws, group.name);
    if (own?.Status === "PendingDelete") {
      runtime.logger.warn(
        `${group.name}'s own warm pool is being deleted: it stays warm instead of stopped (a pool put now would race AWS's delete)`
      );
      return false;
    }
    const record = own ? JSON.stringify(poolSettings(own)) : NO_USER_POOL;
    if (record.length > 256) {
      runtime.logger.warn(
        `${group.name}'s own warm pool does not fit on a tag: it stays warm instead of stopped`
      );
      return false;
    }
    await tagGroup(aws, group.name, {
      ...group.tags[TAGS.capacity] ? {} : { [TAGS.capacity]: `${capacity.min}/${capacity.desired}/${capacity.max}` },
      [TAGS.warmPool]: record
    });
    group = {
      ...group,
      tags: {
        ...group.tags,
        [TAGS.warmPool]: record,
        [TAGS.capacity]: `${capacity.min}/${capacity.desired}/${capacity.max}`
      }
    };
  }
  await aws.autoScaling.putWarmPool({
    AutoScalingGroupName: group.name,
    PoolState: "Stopped",
    MinSize: 0,
    MaxGroupPreparedCapacity: capacity.desired,
    InstanceReusePolicy: { ReuseOnScaleIn: true }
  });
  await scaleToZero(aws, runtime, group);
  runtime.logger.info(
    `${group.name}: ${capacity.desired} instance(s) kept stopped in its warm pool (EBS only); a rollback starts them again`
  );
  return true;
}
async function restoreWarmPool(aws, runtime, group) {
  const user = recordedUserPool(group.tags);
  if (user === void 0) return void 0;
  if (user) {
    await aws.autoScaling.putWarmPool({
      AutoScalingGroupName: group.name,
      MinSize: user.MinSize,
      MaxGroupPreparedCapacity: user.MaxGroupPreparedCapacity,
      PoolState: user.PoolState,
      ...user.ReuseOnScaleIn !== void 0 ? { InstanceReusePolicy: { ReuseOnScaleIn: user.ReuseOnScaleIn } } : {}
    });
  } else if (await readWarmPool(aws, group.name)) {
    await aws.autoScaling.deleteWarmPool({ AutoScalingGroupName: group.name, ForceDelete: true });
  }
  await aws.autoScaling.deleteTags({
    Tags: [{ ResourceId: group.name, ResourceType: "auto-scaling-group", Key: TAGS.warmPool }]
  });
  runtime.logger.info(
    user ? `${group.name}: its own warm pool is back (${user.PoolState ?? "Stopped"}, min ${user.MinSize ?? 0})` : `${group.name}: the warm pool it was stopped in is removed`
  );
  return user ? "restored" : "removed";
}
async function retireWarmPool(aws, runtime, group) {
  if (recordedUserPool(group.tags) === void 0) return false;
  const pool = await readWarmPool(aws, group.name);
  if (!pool || pool.Status === "PendingDelete") return false;
  await aws.autoScaling.deleteWarmPool({ AutoScalingGroupName: group.name, ForceDelete: true });
  runtime.logger.info(`Terminated ${group.name}'s stopped instances with its warm pool (expired)`);
  return true;
}

// packages/core/src/cluster/group-spec.ts
var GROUP_FIELDS = {
  AutoScalingGroupName: "identity",
  AutoScalingGroupARN: "identity",
  CreatedTime: "identity",
  Status: "state",
  Instances: "state",
  PredictedCapacity: "state",
  WarmPoolSize: "state",
  // Zones follow the subnets (VPCZoneIdentifier); AWS reports them whether or not they were given.
  AvailabilityZones: "state",
  AvailabilityZoneIds: "state",
  LaunchConfigurationName: "replaced",
  LaunchTemplate: "replaced",
  MinSize: "plan",
  MaxSize: "plan",
  DesiredCapacity: "plan",
  DefaultCooldown: "plan",
  VPCZoneIdentifier: "plan",
  TargetGroupARNs: "plan",
  HealthCheckType: "plan",
  HealthCheckGracePeriod: "plan",
  TerminationPolicies: "plan",
  Tags: "plan",
  SuspendedProcesses: "plan",
  MixedInstancesPolicy: "create",
  DesiredCapacityType: "create",
  LoadBalancerNames: "create",
  TrafficSources: "create",
  PlacementGroup: "create",
  NewInstancesProtectedFromScaleIn: "create",
  CapacityRebalance: "create",
  MaxInstanceLifetime: "create",
  DefaultInstanceWarmup: "create",
  InstanceMaintenancePolicy: "create",
  CapacityReservationSpecification: "create",
  AvailabilityZoneDistribution: "create",
  AvailabilityZoneImpairmentPolicy: "create",
  ServiceLinkedRoleARN: "create",
  Context: "create",
  DeletionProtection: "create",
  InstanceLifecyclePolicy: "create",
  Operator: "create",
  EnabledMetrics: "after-create",
  WarmPoolConfiguration: "after-create"
};
function isEmptyValue(value) {
  if (value === void 0 || value === null || value === "" || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object" && !(value instanceof Date)) return Object.keys(value).length === 0;
  return false;
}
function readGroupSpec(group, allowDrop = []) {
  const source = group.AutoScalingGroupName ?? "";
  const record = group;
  const unknown = Object.keys(record).filter(
    (key) => !(key in GROUP_FIELDS) && key !== "$metadata" && !isEmptyValue(record[key])
  );
  const refused = unknown.filter((key) => !allowDrop.includes(key));
  if (refused.length > 0) {
    throw new ImmutableError(
      "CONFLICT",
      `${source} has ${refused.join(", ")}, which this version cannot carry over to the next group: refusing to drop ${refused.length > 1 ? "them" : "it"} (add \`allow-drop: ${refused.join(",")}\` to deploy without).`
    );
  }
  const drops = new Set(allowDrop);
  const carried = {};
  for (const [key, treatment] of Object.entries(GROUP_FIELDS)) {
    if (treatment !== "create" || drops.has(key) || isEmptyValue(record[key])) continue;
    carried[key] = structuredClone(record[key]);
  }
  const spec = carried;
  if (spec.TrafficSources) {
    const attached = /* @__PURE__ */ new Set([...group.TargetGroupARNs ?? [], ...group.LoadBalancerNames ?? []]);
    const others = spec.TrafficSources.filter((t) => !t.Identifier || !attached.has(t.Identifier));
    if (others.length > 0) spec.TrafficSources = others;
    else delete spec.TrafficSources;
  }
  if (spec.MixedInstancesPolicy) refusePerTypeTemplates(source, spec.MixedInstancesPolicy);
  const overrides = group.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [];
  const metrics = groupMetrics(drops.has("EnabledMetrics") ? [] : group.EnabledMetrics ?? []);
  return {
    source,
    carried: spec,
    metrics,
    warmPool: drops.has("WarmPoolConfiguration") ? void 0 : usersWarmPool(group),
    dropped: Object.keys(record).filter((key) => drops.has(key) && !isEmptyValue(record[key])),
    userSuspended: userSuspendedProcesses(group),
    overrideInstanceType: drops.has("MixedInstancesPolicy") ? overrides.find((o) => o.InstanceType)?.InstanceType : void 0
  };
}
function refusePerTypeTemplates(source, policy) {
  const index = (policy.LaunchTemplate?.Overrides ?? []).findIndex((o) => o.LaunchTemplateSpecification);
  if (index >= 0) {
    throw new ImmutableError(
      "CONFLICT",
      `${source} has MixedInstancesPolicy.LaunchTemplate.Overrides[${index}].LaunchTemplateSpecification: a per-instance-type launch template keeps its own image, so the deploy would not replace it; refusing.`
    );
  }
}
function userSuspendedProcesses(group) {
  const tags = Object.fromEntries((group.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  const suspended = (group.SuspendedProcesses ?? []).flatMap((p) => p.ProcessName ? [p.ProcessName] : []);
  const own = deploySuspendedProcesses(tags, suspended);
  return suspended.filter((p) => !own.includes(p));
}
function groupMetrics(enabled) {
  const byGranularity = /* @__PURE__ */ new Map();
  for (const { Metric, Granularity } of enabled) {
    if (!Metric) continue;
    const granularity = Granularity ?? "1Minute";
    byGranularity.set(granularity, [...byGranularity.get(granularity) ?? [], Metric]);
  }
  return [...byGranularity].map(([granularity, metrics]) => ({ granularity, metrics: metrics.sort() }));
}
function nextGroupInput(spec, base) {
  const template = { LaunchTemplateId: base.launchTemplateId, Version: "$Default" };
  const { MixedInstancesPolicy: mixed, ...carried } = spec?.carried ?? {};
  checkTagLimit(base.tags);
  return {
    ...carried,
    AutoScalingGroupName: base.name,
    ...mixed ? {
      MixedInstancesPolicy: {
        ...mixed,
        LaunchTemplate: { ...mixed.LaunchTemplate, LaunchTemplateSpecification: template }
      }
    } : { LaunchTemplate: template },
    MinSize: base.capacity.min,
    MaxSize: base.capacity.max,
    DesiredCapacity: base.capacity.desired,
    VPCZoneIdentifier: base.subnets.join(","),
    HealthCheckType: base.healthCheckType,
    HealthCheckGracePeriod: base.healthCheckGracePeriod,
    ...base.terminationPolicies.length > 0 ? { TerminationPolicies: [...base.terminationPolicies] } : {},
    ...base.defaultCooldown !== void 0 ? { DefaultCooldown: base.defaultCooldown } : {},
    ...base.targetGroupArns.length > 0 ? { TargetGroupARNs: [...base.targetGroupArns] } : {},
    ...base.lifecycleHooks?.length ? { LifecycleHookSpecificationList: [...base.lifecycleHooks] } : {},
    Tags: [...base.tags]
  };
}
function usersWarmPool(group) {
  const recorded = recordedUserPool(
    Object.fromEntries((group.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]))
  );
  if (recorded === null) return void 0;
  if (recorded) {
    const { ReuseOnScaleIn, ...rest } = recorded;
    return { ...rest, ...ReuseOnScaleIn !== void 0 ? { InstanceReusePolicy: { ReuseOnScaleIn } } : {} };
  }
  return isEmptyValue(group.WarmPoolConfiguration) ? void 0 : group.WarmPoolConfiguration;
}
var GROUP_TAG_LIMIT = 50;
var LATER_TAGS = [
  TAGS.disabledAt,
  TAGS.expiresAt,
  TAGS.capacity,
  TAGS.warmPool,
  TAGS.deploySuspended,
  TAGS.rollingStep,
  TAGS.rollbackTo,
  TAGS.rollbackBy,
  TAGS.lockOwner,
  TAGS.lockRun,
  TAGS.lockExpires
];
function checkTagLimit(tags, loadBalancers = 0) {
  const keys = new Set(tags.map((t) => t.Key));
  const later = LATER_TAGS.filter((key) => !keys.has(key)).length + loadBalancers;
  if (keys.size + later > GROUP_TAG_LIMIT) {
    const user = [...keys].filter((k) => k && !k.startsWith("immutable:") && k !== "Name").length;
    throw new ImmutableError(
      "CONFLICT",
      `The next group would need ${keys.size + later} tags (${user} of the previous group, ${keys.size - user} of the deploy at creation, up to ${later} more later) and AWS allows ${GROUP_TAG_LIMIT}: remove ${keys.size + later - GROUP_TAG_LIMIT} tag(s) from the group.`
    );
  }
}
function describeCarried(spec) {
  const lines = [];
  const c = spec.carried;
  const mixed = c.MixedInstancesPolicy;
  if (mixed) {
    const overrides = mixed.LaunchTemplate?.Overrides ?? [];
    const d = mixed.InstancesDistribution;
    const types = overrides.map((o) => o.InstanceType ?? "instance requirements").join(", ");
    lines.push(
      `mixed instances: ${types || "template type only"}` + (d ? `; on-demand base ${d.OnDemandBaseCapacity ?? 0}, above it ${d.OnDemandPercentageAboveBaseCapacity ?? 100}% on-demand, spot ${d.SpotAllocationStrategy ?? "default"}` : "")
    );
  }
  if (c.LoadBalancerNames?.length) lines.push(`classic load balancers: ${c.LoadBalancerNames.join(", ")}`);
  if (c.TrafficSources?.length)
    lines.push(`traffic sources: ${c.TrafficSources.map(trafficLabel2).join(", ")}`);
  const simple = [
    ["DesiredCapacityType", "desired capacity type"],
    ["CapacityRebalance", "capacity rebalance"],
    ["NewInstancesProtectedFromScaleIn", "new instances protected from scale-in"],
    ["PlacementGroup", "placement group"],
    ["MaxInstanceLifetime", "max instance lifetime (s)"],
    ["DefaultInstanceWarmup", "default instance warmup (s)"],
    ["ServiceLinkedRoleARN", "service-linked role"],
    ["Context", "context"],
    ["DeletionProtection", "deletion protection"]
  ];
  for (const [key, label] of simple) if (c[key] !== void 0) lines.push(`${label}: ${String(c[key])}`);
  const objects = [
    ["InstanceMaintenancePolicy", "instance maintenance policy"],
    ["CapacityReservationSpecification", "capacity reservations"],
    ["AvailabilityZoneDistribution", "AZ distribution"],
    ["AvailabilityZoneImpairmentPolicy", "AZ impairment policy"],
    ["InstanceLifecyclePolicy", "instance lifecycle policy"],
    ["Operator", "operator"]
  ];
  for (const [key, label] of objects)
    if (c[key] !== void 0) lines.push(`${label}: ${JSON.stringify(c[key])}`);
  for (const m of spec.metrics) lines.push(`metrics (${m.granularity}): ${m.metrics.length}`);
  if (spec.warmPool) {
    lines.push(
      `warm pool: min ${spec.warmPool.MinSize ?? 0}, ${spec.warmPool.PoolState ?? "Stopped"}${spec.warmPool.MaxGroupPreparedCapacity !== void 0 ? `, max prepared ${spec.warmPool.MaxGroupPreparedCapacity}` : ""}`
    );
  }
  if (spec.userSuspended.length > 0)
    lines.push(`processes the user suspended (kept suspended): ${spec.userSuspended.join(", ")}`);
  if (spec.dropped.length > 0) lines.push(`dropped (allow-drop): ${spec.dropped.join(", ")}`);
  return lines;
}
function trafficLabel2(source) {
  return `${source.Type ?? "unknown"} ${source.Identifier ?? ""}`.trim();
}

// packages/core/src/health/group-health.ts
async function checkGroupHealth(aws, groupName, targetGroups, since, onGroup) {
  const guess = "guess" in targetGroups ? targetGroups.guess : targetGroups;
  const healthOf = (arn) => aws.elbv2.describeTargetHealth({ TargetGroupArn: arn });
  const reads = new Map(guess.map((arn) => [arn, settle(healthOf(arn))]));
  const [group] = await describeGroups(aws.autoScaling, [groupName]);
  if (!group) {
    await Promise.all(reads.values());
    return { state: "retry", reason: `group ${groupName} is not visible` };
  }
  onGroup?.(group);
  const targetGroupArns = "guess" in targetGroups ? targetGroups.of(group) : targetGroups;
  const desired = group.capacity.desired;
  const inService = group.instances.filter(
    (i) => i.lifecycleState === "InService" && i.healthStatus === "Healthy"
  );
  if (inService.length < desired) {
    const failed = await failedLaunch(aws, groupName, since ?? group.createdTime.getTime());
    await Promise.all(reads.values());
    if (failed) return { state: "failure", reason: `a launch failed: ${failed}` };
  }
  let healthyIds = new Set(inService.map((i) => i.id));
  let reason = `${inService.length}/${desired} instances InService`;
  if (inService.length >= desired) {
    for (const arn of targetGroupArns) {
      const answer = await (reads.get(arn) ?? settle(healthOf(arn))).then(unsettle);
      const healthyHere = new Set(
        (answer.TargetHealthDescriptions ?? []).filter((d) => d.TargetHealth?.State === "healthy" && d.Target?.Id).map((d) => d.Target?.Id)
      );
      healthyIds = new Set([...healthyIds].filter((id) => healthyHere.has(id)));
      if (healthyIds.size < desired) {
        reason = `${healthyIds.size}/${desired} instances healthy in ${targetGroupLabel(arn)}`;
        break;
      }
    }
  }
  await Promise.all(reads.values());
  if (inService.length >= desired && healthyIds.size >= desired) {
    for (const name of group.loadBalancerNames) {
      const answer = await aws.elb.describeInstanceHealth({ LoadBalancerName: name });
      const inServiceHere = new Set(
        (answer.InstanceStates ?? []).flatMap(
          (s) => s.State === "InService" && s.InstanceId ? [s.InstanceId] : []
        )
      );
      healthyIds = new Set([...healthyIds].filter((id) => inServiceHere.has(id)));
      if (healthyIds.size < desired) {
        reason = `${healthyIds.size}/${desired} instances InService in classic load balancer ${name}`;
        break;
      }
    }
  }
  const report = {
    group: groupName,
    desired,
    inService: inService.length,
    healthy: healthyIds.size,
    instanceIds: [...healthyIds]
  };
  const counts = [
    { label: "InService", value: inService.length, of: desired },
    { label: "healthy", value: Math.min(healthyIds.size, inService.length), of: desired }
  ];
  return healthyIds.size >= desired && inService.length >= desired ? { state: "success", value: report, counts } : { state: "retry", reason, counts };
}
var settle = (read) => read.then(
  (value) => ({ ok: true, value }),
  (error2) => ({ ok: false, error: error2 })
);
function unsettle(read) {
  if (!read.ok) throw read.error;
  return read.value;
}
async function failedLaunch(aws, groupName, since) {
  let activities;
  try {
    activities = (await aws.autoScaling.describeScalingActivities({ AutoScalingGroupName: groupName, MaxRecords: 20 })).Activities ?? [];
  } catch (error2) {
    if (isTransientAwsError(error2)) throw error2;
    return void 0;
  }
  const latest = activities.find((a) => (a.StartTime?.getTime() ?? 0) >= since - 1e3);
  const failed = latest?.StatusCode === "Failed" ? latest : void 0;
  return failed ? failed.StatusMessage ?? failed.Description ?? "a scaling activity failed" : void 0;
}
function targetGroupLabel(arn) {
  return /targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn;
}
async function waitUntilHealthy(aws, runtime, groupName, targetGroups, options) {
  return poll(
    runtime,
    {
      what: `${groupName} to be healthy`,
      timeoutMs: options.timeoutMs,
      minDelayMs: options.minDelayMs ?? 2e3,
      maxDelayMs: options.maxDelayMs ?? 15e3,
      isTransient: isTransientAwsError,
      ...options.signal ? { signal: options.signal } : {}
    },
    // The poller reports each change and a heartbeat (healthy/desired) as progress events.
    () => checkGroupHealth(aws, groupName, targetGroups, options.since, options.onGroup)
  );
}

// packages/core/src/deploy/options.ts
var DEPLOY_INPUTS = {
  cluster: "cluster",
  amiId: "ami-id",
  region: "region",
  strategy: "strategy",
  maxGroups: "max-groups",
  healthTimeout: "health-timeout",
  dryRun: "dry-run",
  launchTemplate: "launch-template",
  subnets: "subnets",
  targetGroups: "target-groups",
  minSize: "min-size",
  maxSize: "max-size",
  desiredCapacity: "desired-capacity",
  instanceType: "instance-type",
  alarmNames: "alarm-names",
  bakeTime: "bake-time",
  percentages: "percentages",
  stepWait: "step-wait",
  previousGroup: "previous-group",
  disabledTtl: "disabled-ttl",
  lockTimeout: "lock-timeout",
  breakLock: "break-lock",
  allowDrop: "allow-drop",
  amiFromCluster: "ami-from-cluster",
  regions: "regions",
  amis: "amis",
  githubToken: "github-token"
};
var STRATEGIES = ["red-black", "highlander", "rolling-red-black"];
var PREVIOUS_GROUP_POLICIES = ["keep-warm", "stopped", "scale-to-zero"];
var AMI_ID = /^ami-[0-9a-f]{8,17}$/;
var SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
var INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
var CAPACITY = { min: 0, max: 1e4 };
function parseDeployOptions(raw) {
  const cluster = parseClusterName(required(DEPLOY_INPUTS.cluster, raw.cluster)).cluster;
  const amiId = parseAmiId(DEPLOY_INPUTS.amiId, required(DEPLOY_INPUTS.amiId, raw.amiId));
  return { ...parseDeploySettings(raw, cluster), amiId };
}
function parseAmiId(input, value) {
  if (!AMI_ID.test(value)) throw invalidInput(input, value, "an AMI id like ami-0123456789abcdef0");
  return value;
}
var RAW_OF = {
  [DEPLOY_INPUTS.amiId]: (raw) => optional(raw.amiId),
  [DEPLOY_INPUTS.amis]: (raw) => optional(raw.amis),
  [DEPLOY_INPUTS.amiFromCluster]: (raw) => optional(raw.amiFromCluster)
};
function parseDeploySettings(raw, cluster) {
  const strategy = parseChoice(DEPLOY_INPUTS.strategy, raw.strategy, STRATEGIES, "red-black");
  const maxGroups = parseCount(DEPLOY_INPUTS.maxGroups, raw.maxGroups, { min: 2, max: 100 }) ?? 2;
  const healthTimeoutMs = parseDuration(
    DEPLOY_INPUTS.healthTimeout,
    optional(raw.healthTimeout) ?? "10m",
    DURATION_BOUNDS.healthTimeout
  );
  const subnets = raw.subnets === void 0 || !optional(raw.subnets) ? void 0 : parseList(raw.subnets);
  for (const subnet of subnets ?? []) {
    if (!SUBNET_ID.test(subnet))
      throw invalidInput(DEPLOY_INPUTS.subnets, subnet, "subnet ids like subnet-0123abcd");
  }
  const targetGroups = !optional(raw.targetGroups) ? void 0 : parseList(raw.targetGroups);
  const minSize = parseCount(DEPLOY_INPUTS.minSize, raw.minSize, CAPACITY);
  const maxSize = parseCount(DEPLOY_INPUTS.maxSize, raw.maxSize, CAPACITY);
  const desiredCapacity = parseCount(DEPLOY_INPUTS.desiredCapacity, raw.desiredCapacity, CAPACITY);
  if (minSize !== void 0 && maxSize !== void 0 && minSize > maxSize) {
    throw invalidInput(DEPLOY_INPUTS.minSize, String(minSize), `at most max-size (${maxSize})`);
  }
  const instanceType = optional(raw.instanceType);
  if (instanceType && !INSTANCE_TYPE.test(instanceType)) {
    throw invalidInput(DEPLOY_INPUTS.instanceType, instanceType, "an instance type like t3.micro");
  }
  return {
    cluster,
    region: optional(raw.region),
    strategy,
    maxGroups,
    healthTimeoutMs,
    dryRun: parseBoolean(DEPLOY_INPUTS.dryRun, raw.dryRun, false),
    launchTemplate: optional(raw.launchTemplate),
    subnets,
    targetGroups,
    minSize,
    maxSize,
    desiredCapacity,
    instanceType,
    alarmNames: parseList(raw.alarmNames),
    bakeTimeMs: parseDuration(
      DEPLOY_INPUTS.bakeTime,
      optional(raw.bakeTime) ?? "0",
      DURATION_BOUNDS.bakeTime
    ),
    lockTimeoutMs: parseDuration(
      DEPLOY_INPUTS.lockTimeout,
      optional(raw.lockTimeout) ?? "0",
      DURATION_BOUNDS.lockTimeout
    ),
    breakLock: parseBoolean(DEPLOY_INPUTS.breakLock, raw.breakLock, false),
    percentages: parsePercentages(raw.percentages),
    stepWaitMs: parseDuration(
      DEPLOY_INPUTS.stepWait,
      optional(raw.stepWait) ?? "0",
      DURATION_BOUNDS.stepWait
    ),
    previousGroup: parseChoice(
      DEPLOY_INPUTS.previousGroup,
      raw.previousGroup,
      PREVIOUS_GROUP_POLICIES,
      "keep-warm"
    ),
    disabledTtlMs: parseDuration(
      DEPLOY_INPUTS.disabledTtl,
      optional(raw.disabledTtl) ?? "7d",
      DURATION_BOUNDS.disabledTtl
    ),
    allowDrop: parseAllowDrop(raw.allowDrop)
  };
}
function parseAllowDrop(value) {
  const fields = parseList(value);
  for (const field of fields) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(field))
      throw invalidInput(
        DEPLOY_INPUTS.allowDrop,
        field,
        "Auto Scaling group field names as DescribeAutoScalingGroups spells them, e.g. WarmPoolConfiguration"
      );
  }
  return fields;
}
function parsePercentages(value) {
  const text = optional(value) ?? "25,50,100";
  const steps = parseList(text);
  const expected = "rising whole percentages from 1 to 100 ending at 100, e.g. 25,50,100";
  if (steps.length === 0 || steps.some((p) => !/^\d+$/.test(p)))
    throw invalidInput(DEPLOY_INPUTS.percentages, text, expected);
  const numbers = steps.map(Number);
  const rising = numbers.every((p, i) => p >= 1 && p <= 100 && (i === 0 || p > (numbers[i - 1] ?? 0)));
  if (!rising || numbers.at(-1) !== 100) throw invalidInput(DEPLOY_INPUTS.percentages, text, expected);
  return numbers;
}
function deployOptionsFor(cluster, amiId, overrides = {}) {
  return { ...parseDeployOptions({ cluster, amiId }), ...overrides };
}

// packages/core/src/deploy/resolve.ts
async function resolveImage(aws, amiId, input = DEPLOY_INPUTS.amiId) {
  let image;
  try {
    image = (await aws.ec2.describeImages({ ImageIds: [amiId] })).Images?.[0];
  } catch (error2) {
    if (!isMissing(error2)) throw error2;
  }
  return checkImage(aws, amiId, image, input);
}
function checkImage(aws, amiId, image, input) {
  if (!image) throw invalidInput(input, amiId, `an AMI that exists in ${aws.region}`);
  if (image.State !== "available") {
    throw invalidInput(input, amiId, `an available AMI (it is ${image.State ?? "unknown"})`);
  }
  return { id: amiId, name: image.Name, state: image.State };
}
async function resolveImages(aws, amiId, previousAmiId) {
  if (!previousAmiId) return { image: await resolveImage(aws, amiId) };
  let images;
  try {
    images = (await aws.ec2.describeImages({ ImageIds: [.../* @__PURE__ */ new Set([amiId, previousAmiId])] })).Images;
  } catch (error2) {
    return { image: await resolveImage(aws, amiId), previous: { blockDeviceMappings: void 0, error: error2 } };
  }
  const image = images?.find((i) => i.ImageId === amiId);
  const previous = images?.find((i) => i.ImageId === previousAmiId);
  return {
    image: checkImage(aws, amiId, image, DEPLOY_INPUTS.amiId),
    previous: { blockDeviceMappings: previous?.BlockDeviceMappings }
  };
}
async function resolveTargetGroups(aws, refs) {
  const arns = [];
  for (const ref of refs) {
    const byArn = ref.startsWith("arn:");
    let found;
    try {
      const answer = await aws.elbv2.describeTargetGroups(
        byArn ? { TargetGroupArns: [ref] } : { Names: [ref] }
      );
      found = answer.TargetGroups?.[0]?.TargetGroupArn;
    } catch (error2) {
      if (!isMissing(error2)) throw error2;
    }
    if (!found)
      throw invalidInput(DEPLOY_INPUTS.targetGroups, ref, `a target group (name or ARN) in ${aws.region}`);
    arns.push(found);
  }
  return arns;
}
async function resolveSubnets(aws, ids) {
  if (ids === void 0) {
    const answer = await aws.ec2.describeSubnets({ Filters: [{ Name: "default-for-az", Values: ["true"] }] });
    const defaults = (answer.Subnets ?? []).flatMap((s) => s.SubnetId ? [s.SubnetId] : []).sort();
    if (defaults.length === 0) {
      throw new ImmutableError(
        "INVALID_INPUT",
        `Invalid subnets "": expected subnet ids (there is no default VPC in ${aws.region}).`
      );
    }
    return defaults;
  }
  try {
    const found = (await aws.ec2.describeSubnets({ SubnetIds: [...ids] })).Subnets ?? [];
    if (found.length === ids.length) return [...ids];
  } catch (error2) {
    if (!isMissing(error2)) throw error2;
  }
  for (const id of ids) {
    let found;
    try {
      found = (await aws.ec2.describeSubnets({ SubnetIds: [id] })).Subnets?.[0];
    } catch (error2) {
      if (!isMissing(error2)) throw error2;
    }
    if (!found) throw invalidInput(DEPLOY_INPUTS.subnets, id, `a subnet id in ${aws.region}`);
  }
  return [...ids];
}
function isMissing(error2) {
  return isNotFoundError(error2, /Malformed|InvalidParameterValue|ValidationError/i);
}

// packages/core/src/health/alarms.ts
async function readAlarms(aws, names, inputName) {
  if (names.length === 0) return [];
  const answer = await aws.cloudWatch.describeAlarms({
    AlarmNames: [...names],
    AlarmTypes: ["MetricAlarm", "CompositeAlarm"]
  });
  const found = [...answer.MetricAlarms ?? [], ...answer.CompositeAlarms ?? []].map((a) => ({
    name: a.AlarmName ?? "",
    state: a.StateValue ?? "INSUFFICIENT_DATA",
    reason: a.StateReason
  }));
  const missing = names.find((n) => !found.some((a) => a.name === n));
  if (missing) throw invalidInput(inputName, missing, "the name of an existing CloudWatch alarm");
  return found;
}
function refuseFiringAlarms(alarms) {
  const firing = alarms.find((a) => a.state === "ALARM");
  if (firing) {
    throw new ImmutableError(
      "ALARM",
      `Alarm ${firing.name} is in ALARM before the deploy: refusing to deploy while it fires.`
    );
  }
}
async function watchAlarms(aws, runtime, names, bakeMs, options) {
  if (names.length === 0 || bakeMs <= 0) return void 0;
  const end = runtime.clock.now() + bakeMs;
  const outcome = await poll(
    runtime,
    {
      what: `the bake time (${names.length} alarm(s))`,
      timeoutMs: bakeMs,
      minDelayMs: options.minDelayMs ?? Math.min(5e3, bakeMs / 10),
      maxDelayMs: options.maxDelayMs ?? Math.min(3e4, bakeMs / 4),
      isTransient: isTransientAwsError,
      ...options.signal ? { signal: options.signal } : {}
    },
    async () => {
      const alarms = await readAlarms(aws, names, options.inputName);
      const firing = alarms.find((a) => a.state === "ALARM");
      const counts = [
        { label: "alarms quiet", value: alarms.filter((a) => a.state !== "ALARM").length, of: names.length }
      ];
      if (firing || runtime.clock.now() >= end) return { state: "success", value: firing, counts };
      return { state: "retry", reason: "no alarm firing", counts };
    }
  );
  return outcome.value;
}

// packages/core/src/run.ts
var import_node_crypto = require("node:crypto");
var import_node_os = require("node:os");
function runUrlFrom(env) {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  return GITHUB_REPOSITORY && GITHUB_RUN_ID ? `${GITHUB_SERVER_URL ?? "https://github.com"}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` : void 0;
}
function runOwnerFrom(env, sources = {}) {
  const processId = sources.processId ?? (0, import_node_crypto.randomBytes)(4).toString("hex");
  const { GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (GITHUB_REPOSITORY && GITHUB_RUN_ID) {
    const job = `${GITHUB_REPOSITORY}#${GITHUB_RUN_ID}/${env.GITHUB_JOB || "job"}`;
    const attempt = Number(env.GITHUB_RUN_ATTEMPT);
    const known = Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
    return { id: `${job}/${known}/${processId}`, job, attempt: known, run: runUrlFrom(env) };
  }
  const user = env.USER || env.USERNAME || env.LOGNAME || sources.user || osUser();
  return { id: `local:${user}@${sources.host ?? (0, import_node_os.hostname)()}/${processId}`, run: void 0 };
}
function rerunKey(owner, invocation) {
  if (owner.job !== void 0) return owner.job;
  if (invocation === void 0) return owner.id;
  return `${owner.id.replace(/\/[^/@]*$/, "")}/${invocation}`;
}
function deployInvocation(options) {
  const defining = [
    options.cluster,
    options.region ?? null,
    options.amiId,
    options.strategy,
    options.launchTemplate ?? null,
    options.subnets ?? null,
    options.targetGroups ?? null,
    options.minSize ?? null,
    options.maxSize ?? null,
    options.desiredCapacity ?? null,
    options.instanceType ?? null,
    options.strategy === "rolling-red-black" ? options.percentages : null,
    options.previousGroup,
    options.maxGroups,
    [...options.allowDrop].sort()
  ];
  return `deploy-${(0, import_node_crypto.createHash)("sha256").update(JSON.stringify(defining)).digest("hex").slice(0, 16)}`;
}
function osUser() {
  try {
    return (0, import_node_os.userInfo)().username || "unknown";
  } catch {
    return "unknown";
  }
}
var LOCAL_OWNER = runOwnerFrom({
  USER: process.env.USER,
  USERNAME: process.env.USERNAME
});

// packages/core/src/deploy/plan.ts
async function planDeploy(aws, options, context = {}) {
  const now = context.now ?? Date.now();
  const owner = context.owner ?? LOCAL_OWNER;
  const baseRef = options.launchTemplate ? templateRef(options.launchTemplate) : void 0;
  const describing = describeClusterGroups(aws.autoScaling, options.cluster);
  const first = Promise.allSettled([
    describing,
    readAlarms(aws, options.alarmNames, DEPLOY_INPUTS.alarmNames),
    // Read before knowing whether this run resumes a group; unused (and its error ignored) if it does.
    baseRef ? readLaunchTemplate(aws.ec2, baseRef, DEPLOY_INPUTS.launchTemplate) : void 0,
    options.targetGroups ? resolveTargetGroups(aws, options.targetGroups) : void 0,
    options.subnets ? resolveSubnets(aws, options.subnets) : void 0
  ]);
  const decided = describing.then(({ cluster: cluster2 }) => {
    const decision2 = decide(cluster2, options, owner);
    const { previous: previous2, copyFrom: copyFrom2, kind: kind2 } = decision2;
    const subnetsFrom = options.subnets ?? (copyFrom2?.subnets.length ? copyFrom2.subnets : void 0);
    const standbyAmi = previous2 && options.strategy !== "highlander" ? previous2.amiId : void 0;
    const reads2 = Promise.allSettled([
      resolveImages(aws, options.amiId, standbyAmi),
      kind2 === "previous" && copyFrom2?.launchTemplate ? readLaunchTemplate(aws.ec2, copyFrom2.launchTemplate, DEPLOY_INPUTS.launchTemplate) : void 0,
      options.subnets ? void 0 : resolveSubnets(aws, subnetsFrom),
      previous2 ? readGroupCopies(aws, previous2.name, now) : void 0
    ]);
    return { decision: decision2, reads: reads2 };
  });
  decided.catch(() => void 0);
  const [describedResult, alarmsResult, inputTemplate, inputTargetGroups, inputSubnets] = await first;
  const { cluster, described } = settled(describedResult);
  const { decision, reads } = await decided;
  const { resume, abandoned, previous, copyFrom, kind } = decision;
  const [imagesResult, previousTemplate, copiedSubnets, copiesResult] = await reads;
  const { image, previous: previousImage } = settled(imagesResult);
  refuseFiringAlarms(settled(alarmsResult));
  const copied = [];
  const from = copyFrom ? `copied from ${copyFrom.name}` : "first deploy";
  const template = settled(kind === "base" ? inputTemplate : previousTemplate);
  if (!template) {
    const why = copyFrom ? `${copyFrom.name} has no launch template to copy` : `cluster ${options.cluster} has no group yet`;
    throw invalidInput(DEPLOY_INPUTS.launchTemplate, "", `a base launch template (name or lt- id): ${why}`);
  }
  copied.push(
    `launch template data from ${template.name} v${template.version} (${kind === "base" ? "launch-template input" : from})`
  );
  const targetGroupArns = settled(inputTargetGroups) ?? copyFrom?.servedTargetGroupArns ?? [];
  copied.push(
    `target groups: ${targetGroupArns.length} (${options.targetGroups ? "target-groups input" : from})`
  );
  const subnets = settled(options.subnets ? inputSubnets : copiedSubnets) ?? [];
  copied.push(
    `subnets: ${subnets.join(", ")} (${options.subnets ? "subnets input" : copyFrom ? from : "default VPC"})`
  );
  const capacity = resume ? recordedCapacity(resume.tags, TAGS.targetCapacity) ?? resume.capacity : resolveCapacity(options, previous?.capacity);
  copied.push(
    `capacity min ${capacity.min} / desired ${capacity.desired} / max ${capacity.max} (${from}, with overrides)`
  );
  const previousRaw = previous ? described.get(previous.name) : void 0;
  const spec = previousRaw ? readGroupSpec(previousRaw, options.allowDrop) : void 0;
  if (spec && previous && !options.allowDrop.includes("LoadBalancerNames")) {
    if (previous.servedLoadBalancerNames.length > 0)
      spec.carried.LoadBalancerNames = [...previous.servedLoadBalancerNames];
  }
  const copies = settled(copiesResult);
  const carried = [...spec ? describeCarried(spec) : [], ...copies ? describeCopies(copies) : []];
  if (options.instanceType && spec?.carried.MixedInstancesPolicy?.LaunchTemplate?.Overrides?.length) {
    throw invalidInput(
      DEPLOY_INPUTS.instanceType,
      options.instanceType,
      `no instance type while ${previous?.name} has a mixed-instances policy whose overrides choose the types (change the overrides, or add \`allow-drop: MixedInstancesPolicy\`)`
    );
  }
  const instanceType = options.instanceType ?? (template.data.InstanceType ? void 0 : spec?.overrideInstanceType);
  const launchTemplateData = templateDataFor(template.data, options.amiId, instanceType);
  const newGroupName = resume?.name ?? nextGroupName(options.cluster, cluster.groups);
  const plan = {
    options,
    cluster,
    image,
    previous,
    resume,
    newGroupName,
    source: { kind, template },
    launchTemplateData,
    capacity,
    subnets,
    targetGroupArns,
    healthCheckType: copyFrom?.healthCheckType ?? (targetGroupArns.length > 0 ? "ELB" : "EC2"),
    healthCheckGracePeriod: copyFrom?.healthCheckGracePeriod ?? 300,
    terminationPolicies: copyFrom?.terminationPolicies ?? [],
    defaultCooldown: copyFrom?.defaultCooldown,
    userTags: copyFrom?.userTags ?? [],
    copied,
    toDelete: [],
    previousInstanceType: kind === "previous" && !resume ? template.data.InstanceType : void 0,
    previousImage,
    spec,
    copies,
    carried,
    loadBalancerNames: spec?.carried.LoadBalancerNames ?? []
  };
  checkTagLimit(plannedTags(plan), plan.loadBalancerNames.length);
  plan.toDelete = groupsToDelete(plan, abandoned);
  return plan;
}
function decide(cluster, options, owner) {
  const newest = cluster.groups.at(-1);
  const resume = newest && newest.amiId === options.amiId && newest.phase !== "failed" && newest.phase !== "rolled-back" && madeBy(newest, owner, options) ? newest : void 0;
  const abandoned = cluster.groups.filter(
    (g) => g !== resume && (isUnfinished(g.phase) || g.phase === "failed")
  );
  const trusted = cluster.groups.filter((g) => !abandoned.includes(g));
  const previous = resume ? sourceOf(cluster, resume) : servingGroup(cluster) ?? trusted.at(-1);
  const copyFrom = resume ?? previous;
  const kind = options.launchTemplate && !resume ? "base" : "previous";
  return { resume, abandoned, previous, copyFrom, kind };
}
function settled(result2) {
  if (result2.status === "rejected") throw result2.reason;
  return result2.value;
}
function madeBy(group, owner, options) {
  const recorded = group.tags[TAGS.deployBy];
  if (recorded === void 0) return group.tags[TAGS.run] === (owner.run ?? owner.id).slice(0, 256);
  return recorded === rerunKey(owner, deployInvocation(options)).slice(0, 256);
}
function plannedTags(plan) {
  const keys = /* @__PURE__ */ new Set([
    ...plan.userTags.map((t) => t.key),
    TAGS.cluster,
    TAGS.ami,
    TAGS.phase,
    TAGS.run,
    TAGS.deployBy,
    TAGS.targetCapacity,
    "Name",
    ...plan.previous ? [TAGS.sourceGroup] : [],
    ...plan.options.promotedFrom ? [TAGS.promotedFrom] : [],
    ...plan.targetGroupArns.map((_, i) => `${TAGS.targetGroupPrefix}${i}`)
  ]);
  return [...keys].map((Key) => ({ Key }));
}
function templateRef(value) {
  return value.startsWith("lt-") ? { id: value } : { name: value };
}
function sourceOf(cluster, group) {
  const name = group.tags["immutable:source-group"];
  return cluster.groups.find((g) => g.name === name && g.name !== group.name);
}
function resolveCapacity(options, previous) {
  const base = previous ?? { min: 1, max: 1, desired: 1 };
  const min = options.minSize ?? (options.maxSize !== void 0 ? Math.min(base.min, options.maxSize) : base.min);
  const max = options.maxSize ?? Math.max(base.max, min);
  const desired = options.desiredCapacity ?? Math.min(Math.max(base.desired, min), max);
  if (min > max) throw invalidInput(DEPLOY_INPUTS.minSize, String(min), `at most max-size (${max})`);
  if (desired < min || desired > max) {
    throw invalidInput(
      DEPLOY_INPUTS.desiredCapacity,
      String(desired),
      `between min-size (${min}) and max-size (${max})`
    );
  }
  return { min, max, desired };
}
function groupsToDelete(plan, abandoned) {
  if (plan.options.strategy === "highlander")
    return plan.cluster.groups.filter((g) => g.name !== plan.newGroupName);
  const keep = /* @__PURE__ */ new Set([plan.newGroupName, plan.previous?.name]);
  const doomed = abandoned.filter((g) => !keep.has(g.name));
  const remaining = plan.cluster.groups.filter((g) => !doomed.includes(g));
  const excess = remaining.length + (plan.resume ? 0 : 1) - plan.options.maxGroups;
  const old = excess > 0 ? remaining.filter((g) => !keep.has(g.name)).slice(0, excess) : [];
  return [...doomed, ...old];
}
function describePlan(plan) {
  const { options } = plan;
  const rolling = options.strategy === "rolling-red-black" && plan.previous;
  const lines = [
    `Strategy ${options.strategy}${rolling ? ` in steps of ${options.percentages.join("%, ")}%${options.stepWaitMs > 0 ? `, ${Math.round(options.stepWaitMs / 1e3)}s apart` : ""}` : ""}`,
    `${plan.resume ? "Resume" : "Create"} ${plan.newGroupName} in cluster ${plan.options.cluster} with ${plan.image.id}${plan.image.name ? ` (${plan.image.name})` : ""}`,
    ...plan.copied.map((line) => `  ${line}`),
    ...plan.carried.length > 0 ? [
      `  carried over from ${plan.previous?.name ?? "the previous group"}:`,
      ...plan.carried.map((l) => `    ${l}`)
    ] : [],
    `  health check ${plan.healthCheckType}, grace ${plan.healthCheckGracePeriod}s; wait up to ${Math.round(plan.options.healthTimeoutMs / 1e3)}s for it to be healthy`,
    plan.previous ? `Disable ${plan.previous.name} (${options.previousGroup === "scale-to-zero" ? "then scale it to zero after the bake time, recording its capacity" : "keep its instances warm for rollback"})` : "No previous group to disable (first deploy)",
    ...plan.options.alarmNames.length > 0 && plan.options.bakeTimeMs > 0 ? [
      `Watch ${plan.options.alarmNames.join(", ")} for ${Math.round(plan.options.bakeTimeMs / 1e3)}s; roll back to ${plan.previous?.name ?? "nothing"} if one goes to ALARM`
    ] : [],
    ...plan.toDelete.filter((g) => isUnfinished(g.phase)).map(
      (g) => `Found ${g.name} half-done by another deploy (${g.tags[TAGS.deployBy] ?? g.tags[TAGS.run] ?? "unknown"}, phase ${g.phase}): its lock is gone, so it is removed once the new group serves`
    ),
    plan.toDelete.length > 0 ? `Delete ${plan.toDelete.map((g) => g.name).join(", ")} (${options.strategy === "highlander" ? "highlander: only the new group remains; a rollback redeploys an earlier AMI" : `max-groups ${plan.options.maxGroups}`})` : `Delete nothing (max-groups ${plan.options.maxGroups})`
  ];
  return lines;
}

// packages/core/src/cluster/standby-cost.ts
var PRICE_LABEL = "estimate, us-east-1 list price";
var ON_DEMAND_USD_PER_HOUR = {
  "t2.micro": 0.0116,
  "t2.small": 0.023,
  "t2.medium": 0.0464,
  "t3.nano": 52e-4,
  "t3.micro": 0.0104,
  "t3.small": 0.0208,
  "t3.medium": 0.0416,
  "t3.large": 0.0832,
  "t3.xlarge": 0.1664,
  "t3.2xlarge": 0.3328,
  "t4g.nano": 42e-4,
  "t4g.micro": 84e-4,
  "t4g.small": 0.0168,
  "t4g.medium": 0.0336,
  "t4g.large": 0.0672,
  "t4g.xlarge": 0.1344,
  "t4g.2xlarge": 0.2688,
  "m5.large": 0.096,
  "m5.xlarge": 0.192,
  "m5.2xlarge": 0.384,
  "m5.4xlarge": 0.768,
  "m6i.large": 0.096,
  "m6i.xlarge": 0.192,
  "m6i.2xlarge": 0.384,
  "m6i.4xlarge": 0.768,
  "m6g.large": 0.077,
  "m6g.xlarge": 0.154,
  "m7g.large": 0.0816,
  "m7g.xlarge": 0.1632,
  "c5.large": 0.085,
  "c5.xlarge": 0.17,
  "c5.2xlarge": 0.34,
  "c6i.large": 0.085,
  "c6i.xlarge": 0.17,
  "c6i.2xlarge": 0.34,
  "c6g.large": 0.068,
  "c6g.xlarge": 0.136,
  "r5.large": 0.126,
  "r5.xlarge": 0.252,
  "r6i.large": 0.126,
  "r6i.xlarge": 0.252
};
var EBS_USD_PER_GB_MONTH = {
  gp3: 0.08,
  gp2: 0.1,
  io1: 0.125,
  io2: 0.125,
  st1: 0.045,
  sc1: 0.015,
  standard: 0.05
};
function standbyVolumes(template, image) {
  const byDevice = /* @__PURE__ */ new Map();
  for (const m of image ?? []) {
    if (!m.DeviceName) continue;
    byDevice.set(m.DeviceName, {
      ...m.Ebs?.VolumeSize !== void 0 ? { size: m.Ebs.VolumeSize } : {},
      ...m.Ebs?.VolumeType ? { type: m.Ebs.VolumeType } : {},
      none: !m.Ebs
    });
  }
  for (const m of template ?? []) {
    if (!m.DeviceName) continue;
    const base = byDevice.get(m.DeviceName);
    if (m.NoDevice !== void 0 || m.VirtualName && !m.Ebs) {
      byDevice.set(m.DeviceName, { none: true });
      continue;
    }
    byDevice.set(m.DeviceName, {
      ...base,
      ...m.Ebs?.VolumeSize !== void 0 ? { size: m.Ebs.VolumeSize } : {},
      ...m.Ebs?.VolumeType ? { type: m.Ebs.VolumeType } : {},
      none: false
    });
  }
  const volumes = [];
  for (const [device, v] of [...byDevice].sort(([a], [b]) => a.localeCompare(b))) {
    if (v.none) continue;
    if (v.size === void 0) return void 0;
    volumes.push({ device, sizeGb: v.size, type: v.type ?? "gp3" });
  }
  return volumes.length > 0 ? volumes : void 0;
}
var round2 = (usd2) => Math.round(usd2 * 100) / 100;
function standbyCost(input) {
  const usdPerHour = input.instanceType ? ON_DEMAND_USD_PER_HOUR[input.instanceType] : void 0;
  const prices = input.volumes?.map((v) => EBS_USD_PER_GB_MONTH[v.type]);
  const ebsPerInstanceMonth = input.volumes && prices?.every((p) => p !== void 0) ? input.volumes.reduce((sum, v, i) => sum + v.sizeGb * (prices[i] ?? 0), 0) : void 0;
  const stopped = ebsPerInstanceMonth === void 0 ? void 0 : ebsPerInstanceMonth * input.instances / 30;
  const keepWarm = usdPerHour === void 0 || stopped === void 0 ? void 0 : input.instances * usdPerHour * 24 + stopped;
  return {
    group: input.group,
    instances: input.instances,
    instanceType: input.instanceType,
    usdPerHour,
    volumes: input.volumes,
    perDay: {
      keepWarm: keepWarm === void 0 ? void 0 : round2(keepWarm),
      stopped: stopped === void 0 ? void 0 : round2(stopped),
      scaleToZero: 0
    }
  };
}
var usd = (value) => `$${value.toFixed(2)}`;
function standbyCostLines(cost, chosen) {
  const mark2 = (choice) => choice === chosen ? " ← this deploy" : "";
  const type = cost.instanceType ?? "an unknown instance type";
  const disks = cost.volumes ? cost.volumes.map((v) => `${v.sizeGb} GB ${v.type}`).join(" + ") : "volumes of unknown size";
  const unknownPrice = cost.usdPerHour === void 0 ? `unknown price for ${type}` : void 0;
  const unknownEbs = cost.perDay.stopped === void 0 ? "unknown price (volume sizes unknown)" : void 0;
  return [
    `What ${cost.group} costs per day while it waits for a rollback (${PRICE_LABEL}; ${cost.instances} × ${type}, ${disks} each):`,
    `keep-warm: ${unknownPrice ?? unknownEbs ?? usd(cost.perDay.keepWarm ?? 0)} (instances running, rollback in seconds)${mark2("keep-warm")}`,
    `stopped: ${unknownEbs ?? usd(cost.perDay.stopped ?? 0)} (EBS only; a rollback starts the stopped instances, about a minute)${mark2("stopped")}`,
    `scale-to-zero: ${usd(0)} (a rollback boots and provisions fresh instances, a cold start)${mark2("scale-to-zero")}`
  ];
}
async function readStandbyVolumes(aws, runtime, amiId, template) {
  let image;
  if (amiId) {
    try {
      image = (await aws.ec2.describeImages({ ImageIds: [amiId] })).Images?.[0]?.BlockDeviceMappings;
    } catch (error2) {
      runtime.logger.debug(
        `Could not read ${amiId}'s volumes for the cost estimate: ${describeError(error2)}`
      );
    }
  }
  return standbyVolumes(template, image);
}

// packages/core/src/workflow/runner.ts
var READ = /^(describe|list|get)/;
var ungatedOf = /* @__PURE__ */ new WeakMap();
function gateWrites(aws, state) {
  const gate = (api) => (
    // A test's fake clients may leave a service out.
    api === void 0 ? api : Object.fromEntries(
      Object.entries(api).map(([name, call]) => [
        name,
        typeof call !== "function" || READ.test(name) ? call : async (...args) => {
          if (!state.writeGate && state.lock) state.writeGate = state.lock.assertHeld();
          await state.writeGate;
          return call(...args);
        }
      ])
    )
  );
  const gated = {
    ...aws,
    autoScaling: gate(aws.autoScaling),
    ec2: gate(aws.ec2),
    elbv2: gate(aws.elbv2),
    elb: gate(aws.elb),
    cloudWatch: gate(aws.cloudWatch)
  };
  ungatedOf.set(gated, ungated(aws));
  return gated;
}
var ungated = (aws) => ungatedOf.get(aws) ?? aws;
async function runWorkflow(workflow, steps, state, runtime, hooks = {}) {
  let failed = false;
  try {
    for (const [index, step] of steps.entries()) {
      if (step.when && !step.when(state)) continue;
      await hooks.beforeStep?.(step.name, state);
      const mutates = typeof step.mutates === "function" ? step.mutates(state) : step.mutates;
      if (mutates && state.lock?.knownLost?.()) await state.lock.assertHeld();
      const check = mutates && state.lock ? state.lock.assertHeld() : void 0;
      const lost = settled2(check);
      state.writeGate = check;
      if (!step.quiet) runtime.logger.info(`Step ${step.name}`);
      await hooks.onEvent?.(
        { type: "step-started", workflow, step: step.name, index, total: steps.length },
        state
      );
      const started = runtime.clock.now();
      try {
        await step.run(state);
        await check;
        await state.writeGate;
      } catch (thrown) {
        failed = true;
        const checkFailed = await lost ?? await settled2(state.writeGate);
        const error2 = checkFailed ? checkFailed.error : thrown;
        await hooks.onEvent?.({ type: "step-failed", workflow, step: step.name, error: error2 }, state);
        if (checkFailed) throw error2;
        if (isExpiredCredentialsError(error2)) throw credentialsExpired(step.name, error2);
        const replaced = step.recover ? await step.recover(state, error2) : void 0;
        throw replaced ?? error2;
      } finally {
        state.writeGate = void 0;
      }
      await hooks.onEvent?.(
        { type: "step-finished", workflow, step: step.name, durationMs: runtime.clock.now() - started },
        state
      );
    }
  } finally {
    await releaseAfter(state, runtime, failed);
  }
}
var settled2 = (check) => check?.then(
  () => void 0,
  (error2) => ({ error: error2 })
);
async function releaseAfter(state, runtime, failed) {
  const lock3 = state.lock;
  state.lock = void 0;
  try {
    await lock3?.release();
  } catch (error2) {
    if (!failed) throw isExpiredCredentialsError(error2) ? credentialsExpired("unlock", error2) : error2;
    runtime.logger.warn(
      `Could not release the cluster lock (${describeError(error2)}); it expires on its own`
    );
  }
}
function credentialsExpired(step, cause) {
  return new ImmutableError(
    "CREDENTIALS_EXPIRED",
    `The credentials expired during ${step}; a re-run resumes; use role-duration-seconds for a longer session.`,
    { cause }
  );
}

// packages/core/src/cluster/create.ts
async function createServerGroup(aws, runtime, spec, signal) {
  const result2 = await createWithRetry(
    runtime,
    {
      what: `creating ${spec.name}`,
      signal,
      onExisting: async () => {
        const [existing] = await describeGroups(aws.autoScaling, [spec.name]);
        if (!existing) return "not-visible-yet";
        const mine = [TAGS.cluster, TAGS.ami, TAGS.run].every((key) => existing.tags[key] === spec.tags[key]);
        if (!mine) {
          throw new ImmutableError(
            "CONFLICT",
            `${spec.name} already exists and was not made by this run: rename or delete it, or run the deploy that made it again.`
          );
        }
        return "ours";
      }
    },
    () => create(aws, spec)
  );
  runtime.logger.info(
    result2 === "existing" ? `${spec.name} was already created by this run (AWS's answer was lost): using it` : `Created ${spec.name}: ${spec.capacity.desired} instance(s) in ${spec.subnets.length} subnet(s), ${spec.targetGroupArns.length} target group(s)${spec.carryOver?.carried.LoadBalancerNames?.length ? `, ${spec.carryOver.carried.LoadBalancerNames.length} classic load balancer(s)` : ""}`
  );
}
async function create(aws, spec) {
  const tags = [
    ...spec.userTags.map((t) => ({ Key: t.key, Value: t.value, PropagateAtLaunch: t.propagateAtLaunch })),
    ...Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
    { Key: "Name", Value: spec.name, PropagateAtLaunch: true }
  ].filter((tag, i, all) => all.findIndex((t) => t.Key === tag.Key) === i);
  await aws.autoScaling.createAutoScalingGroup(nextGroupInput(spec.carryOver, { ...spec, tags }));
}
async function resizeGroup(aws, name, capacity) {
  await aws.autoScaling.updateAutoScalingGroup({
    AutoScalingGroupName: name,
    MinSize: capacity.min,
    MaxSize: Math.max(capacity.max, capacity.desired),
    DesiredCapacity: capacity.desired
  });
}

// packages/core/src/cluster/hold.ts
var HOLD_PROCESSES = ["Launch", "Terminate", "AZRebalance"];
async function holdGroup(aws, group) {
  const hold2 = HOLD_PROCESSES.filter((p) => !group.suspendedProcesses.includes(p));
  if (hold2.length > 0)
    await aws.autoScaling.suspendProcesses({ AutoScalingGroupName: group.name, ScalingProcesses: hold2 });
}
async function releaseGroup(aws, group) {
  const ids = group.instances.map((i) => i.id);
  for (const arn of group.servedTargetGroupArns) {
    if (ids.length > 0)
      await aws.elbv2.registerTargets({ TargetGroupArn: arn, Targets: ids.map((Id) => ({ Id })) });
  }
  const resume = HOLD_PROCESSES.filter((p) => group.suspendedProcesses.includes(p));
  if (resume.length > 0)
    await aws.autoScaling.resumeProcesses({ AutoScalingGroupName: group.name, ScalingProcesses: resume });
}

// packages/core/src/cluster/pin.ts
async function pinGroup(aws, group) {
  const { min, desired } = group.capacity;
  if (group.tags[TAGS.pinnedMin] !== void 0 || min >= desired) return;
  await tagGroup(aws, group.name, { [TAGS.pinnedMin]: String(min) });
  await aws.autoScaling.updateAutoScalingGroup({ AutoScalingGroupName: group.name, MinSize: desired });
}
async function unpinGroup(aws, name, options = {}) {
  const [group] = options.group ? [options.group] : await describeGroups(aws.autoScaling, [name]);
  const recorded = group?.tags[TAGS.pinnedMin];
  const tag = () => tagGroup(aws, name, options.tags ?? {});
  if (!group || recorded === void 0) return tag();
  const min = Number(recorded);
  if (Number.isInteger(min) && min !== group.capacity.min)
    await aws.autoScaling.updateAutoScalingGroup({ AutoScalingGroupName: name, MinSize: min });
  await Promise.all([
    aws.autoScaling.deleteTags({
      Tags: [{ ResourceId: name, ResourceType: "auto-scaling-group", Key: TAGS.pinnedMin }]
    }),
    tag()
  ]);
}

// packages/core/src/safe-text.ts
var UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
var ESCAPES = { "\n": "\\n", "\r": "\\r", "	": "\\t" };
function safeText(text, maxLength = 512) {
  const escaped = text.replace(UNSAFE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).replace(/::/g, ":​:");
  return escaped.length > maxLength ? `${escaped.slice(0, maxLength)}…` : escaped;
}

// packages/core/src/cluster/lock.ts
var lockName = (cluster) => `immutable-lock/${cluster}`;
var DEFAULT_LEASE_MS = 2 * 6e4;
var EXPIRY_MARGIN_MS = 2e3;
var LEASE_ENV = "IMMUTABLE_LOCK_LEASE_MS";
function leaseFromEnv(env = process.env) {
  const text = env[LEASE_ENV]?.trim();
  if (!text) return DEFAULT_LEASE_MS;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 1e3 || ms > DEFAULT_LEASE_MS) {
    throw invalidInput(LEASE_ENV, text, "a whole number of milliseconds from 1000 to 120000, such as 4000");
  }
  return ms;
}
function describeLockHolder(holder) {
  if (holder.owner === void 0)
    return safeText(`an untagged lock${holder.created ? ` made at ${holder.created}` : ""}`);
  return safeText(
    `${holder.owner}${holder.run ? ` (${holder.run})` : ""}${holder.expires ? ` until ${holder.expires}` : ""}`
  );
}
function mayTakeOver(holder, owner) {
  if (holder.owner === owner.id) return true;
  return owner.job !== void 0 && holder.job === owner.job && holder.attempt !== void 0 && owner.attempt !== void 0 && owner.attempt > holder.attempt;
}
async function acquireClusterLock(aws, runtime, options) {
  const { cluster, owner } = options;
  const leaseMs = options.leaseMs ?? leaseFromEnv();
  let lastLogged = "";
  let brokeOnPurpose = false;
  const check = async () => {
    const expiresAt = aws.serverClock.now() + leaseMs;
    try {
      const created = await aws.ec2.createLaunchTemplate({
        LaunchTemplateName: lockName(cluster),
        VersionDescription: "Cluster lock held by Immutable Actions; deleted when the deploy or rollback ends",
        LaunchTemplateData: {},
        TagSpecifications: [{ ResourceType: "launch-template", Tags: holderTags(cluster, owner, expiresAt) }]
      });
      const id = created.LaunchTemplate?.LaunchTemplateId ?? "";
      runtime.logger.info(`Locked cluster ${cluster} for ${safeText(owner.id)}`);
      const seen = untilVisible(aws, runtime, cluster, id, owner, leaseMs / 4);
      return {
        state: "success",
        value: hold(aws, runtime, options, leaseMs, id, expiresAt, false, seen)
      };
    } catch (error2) {
      if (!(error2 instanceof Error && /AlreadyExists/.test(error2.name))) throw error2;
    }
    const found = await describeLock(aws, cluster);
    if (!found) return { state: "retry", reason: "the lock was released while we looked" };
    const { templateId, holder } = found;
    const held = describeLockHolder(holder);
    if (mayTakeOver(holder, owner)) {
      await aws.ec2.createTags({ Resources: [templateId], Tags: holderTags(cluster, owner, expiresAt) });
      runtime.logger.info(
        holder.owner === owner.id ? `Locked cluster ${cluster} for ${safeText(owner.id)} (it was already ours)` : `Taking over the lock on ${cluster} from ${held}: an earlier attempt of this job, which GitHub ended before this re-run`
      );
      return {
        state: "success",
        value: hold(aws, runtime, options, leaseMs, templateId, expiresAt, true, true)
      };
    }
    if (options.breakForeign && !brokeOnPurpose) {
      runtime.logger.warn(`Breaking the lock on ${cluster} on purpose (break-lock): it was held by ${held}`);
      await deleteTemplate(aws, templateId);
      brokeOnPurpose = true;
      return { state: "retry", reason: "broke the lock on purpose" };
    }
    const now = aws.serverClock.now();
    const breakableAt = breakableFrom(holder, leaseMs);
    if (now >= breakableAt) {
      runtime.logger.warn(
        `Breaking the expired lock on ${cluster} held by ${held}: its lease ended, and AWS's clock says ${new Date(now).toISOString()}`
      );
      await deleteTemplate(aws, templateId);
      return { state: "retry", reason: "broke an expired lock" };
    }
    const reason = `locked by ${held}`;
    if (reason !== lastLogged && options.timeoutMs > 0) {
      runtime.logger.info(`Waiting for cluster ${cluster}: ${reason}`);
      lastLogged = reason;
    }
    return { state: "retry", reason };
  };
  if (options.timeoutMs <= 0) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const state = await check();
      if (state.state === "success") return state.value;
      if (state.reason.startsWith("locked by")) throw lockedError(cluster, state.reason);
    }
    throw lockedError(cluster, "locked by another holder that took it just now");
  }
  const maxDelayMs = Math.min(15e3, leaseMs / 8);
  try {
    const outcome = await poll(
      runtime,
      {
        what: `the lock on cluster ${cluster}`,
        timeoutMs: options.timeoutMs,
        minDelayMs: Math.min(2e3, maxDelayMs),
        maxDelayMs,
        isTransient: isTransientAwsError,
        ...options.signal ? { signal: options.signal } : {}
      },
      check
    );
    return outcome.value;
  } catch (error2) {
    if (error2 instanceof ImmutableError && error2.code === "TIMEOUT") {
      throw new ImmutableError("LOCKED", `Cluster ${cluster} is still locked: ${error2.message}`, {
        cause: error2
      });
    }
    throw error2;
  }
}
function breakableFrom(holder, leaseMs) {
  const expires = Date.parse(holder.expires ?? "");
  if (holder.owner !== void 0 && Number.isFinite(expires)) return expires + EXPIRY_MARGIN_MS;
  const created = Date.parse(holder.created ?? "");
  return Number.isFinite(created) ? created + 2 * leaseMs : Number.NEGATIVE_INFINITY;
}
function holderTags(cluster, owner, expiresAt) {
  return [
    { Key: TAGS.lockOwner, Value: owner.id.slice(0, 256) },
    { Key: TAGS.lockExpires, Value: new Date(expiresAt).toISOString() },
    { Key: TAGS.cluster, Value: cluster },
    ...owner.job ? [{ Key: TAGS.lockJob, Value: owner.job.slice(0, 256) }] : [],
    ...owner.attempt !== void 0 ? [{ Key: TAGS.lockAttempt, Value: String(owner.attempt) }] : [],
    ...owner.run ? [{ Key: TAGS.lockRun, Value: owner.run.slice(0, 256) }] : []
  ];
}
async function describeLock(aws, cluster) {
  let template;
  try {
    template = (await aws.ec2.describeLaunchTemplates({ LaunchTemplateNames: [lockName(cluster)] })).LaunchTemplates?.[0];
  } catch (error2) {
    if (isNotFoundError(error2)) return void 0;
    throw error2;
  }
  const templateId = template?.LaunchTemplateId;
  if (!templateId) return void 0;
  const tags = (await aws.ec2.describeTags({ Filters: [{ Name: "resource-id", Values: [templateId] }], MaxResults: 100 })).Tags;
  const tag = (key) => tags?.find((t) => t.Key === key)?.Value;
  const attempt = Number(tag(TAGS.lockAttempt));
  return {
    templateId,
    holder: {
      owner: tag(TAGS.lockOwner),
      job: tag(TAGS.lockJob),
      attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : void 0,
      run: tag(TAGS.lockRun),
      expires: tag(TAGS.lockExpires),
      created: template?.CreateTime?.toISOString()
    }
  };
}
var WILDCARD = /[*?\\]/;
async function isStillOurs(aws, cluster, templateId, owner) {
  const ownerTag = owner.id.slice(0, 256);
  if (WILDCARD.test(ownerTag)) return (await describeLock(aws, cluster))?.holder.owner === ownerTag;
  try {
    const answer = await aws.ec2.describeLaunchTemplates({
      LaunchTemplateNames: [lockName(cluster)],
      Filters: [{ Name: `tag:${TAGS.lockOwner}`, Values: [ownerTag] }]
    });
    return (answer.LaunchTemplates ?? []).some((t) => t.LaunchTemplateId === templateId);
  } catch (error2) {
    if (isNotFoundError(error2)) return false;
    throw error2;
  }
}
function lockedError(cluster, reason) {
  return new ImmutableError(
    "LOCKED",
    `Cluster ${cluster} is ${reason}: another deploy or rollback is running. Set lock-timeout to wait for it, or break-lock if its holder is gone.`
  );
}
async function untilVisible(aws, runtime, cluster, templateId, owner, timeoutMs) {
  try {
    await poll(
      runtime,
      {
        what: `the lock on ${cluster} to be visible`,
        timeoutMs,
        minDelayMs: 250,
        maxDelayMs: 2e3,
        isTransient: isTransientAwsError
      },
      async () => await isStillOurs(aws, cluster, templateId, owner) ? { state: "success", value: true } : { state: "retry", reason: "AWS does not list it yet" }
    );
    return true;
  } catch (error2) {
    if (error2 instanceof ImmutableError && error2.code === "TIMEOUT") return false;
    throw error2;
  }
}
function hold(aws, runtime, options, leaseMs, templateId, firstExpiry, tookOver, visible) {
  const { cluster, owner } = options;
  const schedule = runtime.schedule ?? unrefSchedule;
  let expiresAt = firstExpiry;
  let lost;
  let released = false;
  let timer;
  let renewing;
  let seen = visible === true;
  let looking;
  if (typeof visible !== "boolean") {
    const look = visible.then(
      (found) => {
        if (found) seen = true;
        if (looking === look) looking = void 0;
        return found;
      },
      (error2) => {
        if (looking === look) looking = void 0;
        throw error2;
      }
    );
    look.catch(() => void 0);
    looking = look;
  }
  const verdict = (found) => {
    if (found?.templateId === templateId) seen = true;
    if (!found && !seen) {
      const now2 = aws.serverClock.now();
      return now2 >= expiresAt ? `AWS never showed it before its lease ended at ${new Date(expiresAt).toISOString()}` : void 0;
    }
    if (!found || found.templateId !== templateId)
      return found ? `it was broken, and is now held by ${describeLockHolder(found.holder)}` : "it was broken";
    if (found.holder.owner !== void 0 && found.holder.owner !== owner.id)
      return `it is now held by ${describeLockHolder(found.holder)}`;
    const now = aws.serverClock.now();
    if (now >= expiresAt)
      return `its lease ended at ${new Date(expiresAt).toISOString()} before it was renewed (AWS's clock says ${new Date(now).toISOString()})`;
    return void 0;
  };
  const confirmed = async () => {
    if (!await isStillOurs(aws, cluster, templateId, owner)) return false;
    seen = true;
    return aws.serverClock.now() < expiresAt;
  };
  const markLost = (reason) => {
    if (lost) return;
    lost = reason;
    timer?.cancel();
    runtime.logger.warn(`Lost the lock on cluster ${cluster}: ${reason}. Changing nothing more.`);
  };
  const renew = async () => {
    try {
      if (!await confirmed()) {
        const why = verdict(await describeLock(aws, cluster));
        if (why) return markLost(why);
      }
      const next = aws.serverClock.now() + leaseMs;
      await aws.ec2.createTags({ Resources: [templateId], Tags: holderTags(cluster, owner, next) });
      expiresAt = next;
      runtime.logger.debug(`Renewed the lock on ${cluster} until ${new Date(next).toISOString()}`);
    } catch (error2) {
      if (aws.serverClock.now() >= expiresAt)
        markLost(`its lease ended before it could be renewed (${describeError(error2)})`);
      else runtime.logger.debug(`Could not renew the lock on ${cluster} (${describeError(error2)})`);
    }
  };
  const interval = Math.max(250, Math.floor(leaseMs / 4));
  const beat = (delayMs = interval) => {
    timer = schedule(delayMs, () => {
      if (released || lost) return;
      renewing = renew().finally(() => {
        renewing = void 0;
        if (!released && !lost) beat();
      });
      return renewing;
    });
  };
  beat(Math.max(0, Math.min(interval, firstExpiry - aws.serverClock.now() - (leaseMs - interval))));
  return {
    cluster,
    templateId,
    tookOver,
    knownLost: () => lost !== void 0 || released,
    async assertHeld() {
      const look = looking;
      looking = void 0;
      if (look && await look && !lost && !released && aws.serverClock.now() < expiresAt) return;
      if (!lost && !released && !await confirmed()) {
        const why = verdict(await describeLock(aws, cluster));
        if (why) markLost(why);
      }
      if (lost || released) {
        throw new ImmutableError(
          "LOCK_LOST",
          `Lost the lock on cluster ${cluster}: ${lost ?? "it was released"}. Stopped before the next change; nothing more was changed.`
        );
      }
    },
    async release() {
      released = true;
      timer?.cancel();
      await renewing;
      await looking?.catch(() => void 0);
      if (lost) {
        runtime.logger.info(`Not releasing the lock on ${cluster}: it is no longer ours`);
        return;
      }
      const ours = await isStillOurs(aws, cluster, templateId, owner);
      const found = ours ? void 0 : await describeLock(aws, cluster);
      if (ours || found && found.templateId === templateId && (found.holder.owner ?? owner.id) === owner.id) {
        await deleteTemplate(aws, templateId);
        runtime.logger.info(`Released the lock on ${cluster}`);
      }
    }
  };
}
async function deleteTemplate(aws, templateId) {
  try {
    await aws.ec2.deleteLaunchTemplate({ LaunchTemplateId: templateId });
  } catch (error2) {
    if (!isNotFoundError(error2)) throw error2;
  }
}

// packages/core/src/deploy/steps.ts
var pollOptions = (state) => ({ signal: state.signal, ...state.pollDelays });
var isRolling = (plan) => plan.options.strategy === "rolling-red-black" && plan.previous !== void 0;
function rollingSteps(percentages, desired) {
  return percentages.map((percent) => ({
    percent,
    desired: desired === 0 ? 0 : Math.max(1, Math.ceil(percent * desired / 100))
  }));
}
async function abandonNewGroup(state, cause) {
  const { aws, runtime, plan } = state;
  runtime.logger.warn(
    `Deploy failed before traffic moved (${describeError(cause)}): removing ${plan.newGroupName}`
  );
  try {
    const [group] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
    if (group) {
      await tagGroup(aws, group.name, { [TAGS.phase]: "failed" });
      await deleteGroup(aws, runtime, group);
    } else {
      await deleteGroupTemplate(aws.ec2, plan.newGroupName, plan.options.cluster);
    }
    runtime.logger.info(`${plan.previous?.name ?? "The cluster"} keeps serving, unchanged`);
  } catch (cleanupError) {
    runtime.logger.warn(
      `Could not remove ${plan.newGroupName} (${describeError(cleanupError)}); it is tagged failed and the next deploy removes it`
    );
  }
  return void 0;
}
var lock = {
  name: "lock",
  mutates: false,
  quiet: true,
  async run(state) {
    const { aws, runtime, options } = state;
    await warnIfCredentialsExpireFirst(state);
    state.lock = await acquireClusterLock(ungated(aws), runtime, {
      cluster: options.cluster,
      owner: state.owner,
      timeoutMs: options.lockTimeoutMs,
      breakForeign: options.breakLock,
      signal: state.signal
    });
    if (options.lockTimeoutMs > 0 || state.lock.tookOver)
      state.plan = await planDeploy(aws, options, { owner: state.owner });
    state.planText = describePlan(state.plan);
    for (const line of state.planText) runtime.logger.info(line);
    if (state.plan.resume) {
      runtime.logger.info(
        `Found ${state.plan.resume.name} from an earlier run of this deploy (phase ${state.plan.resume.phase}): finishing it`
      );
    }
  }
};
function worstCaseMs(options, rolling) {
  const shifts = rolling ? options.percentages.length : 1;
  return options.healthTimeoutMs * shifts + options.bakeTimeMs + (rolling ? options.stepWaitMs * (shifts - 1) : 0);
}
async function warnIfCredentialsExpireFirst(state) {
  const expiration = await state.aws.credentialsExpiration().catch(() => void 0);
  if (!expiration) return;
  const now = state.runtime.clock.now();
  const end = now + worstCaseMs(state.options, state.rolling);
  if (expiration.getTime() >= end) return;
  state.runtime.logger.warn(
    `The AWS credentials expire at ${expiration.toISOString()}, before this deploy's worst case ends at ${new Date(end).toISOString()} (health-timeout, bake-time and rolling steps): use role-duration-seconds for a longer session`
  );
}
var createLaunchTemplate = {
  name: "create-launch-template",
  mutates: true,
  async run(state) {
    const { plan } = state;
    const template = await ensureLaunchTemplate(
      state.aws.ec2,
      state.runtime,
      plan.newGroupName,
      plan.options.cluster,
      plan.launchTemplateData
    );
    state.launchTemplateId = template.id;
    state.runtime.logger.info(
      `${template.reused ? "Reusing" : "Created"} launch template ${plan.newGroupName} (${template.id})`
    );
  },
  recover: abandonNewGroup
};
function initialCapacity(plan, rolling) {
  const first = rollingSteps(plan.options.percentages, plan.capacity.desired)[0];
  if (rolling && first) return { min: 0, desired: first.desired, max: plan.capacity.max };
  return { ...plan.capacity, min: plan.capacity.desired };
}
var createGroup = {
  name: "create-group",
  mutates: true,
  async run(state) {
    const { aws, runtime, plan, owner } = state;
    if (plan.resume) return;
    const { options } = plan;
    await createServerGroup(
      aws,
      runtime,
      {
        name: plan.newGroupName,
        launchTemplateId: state.launchTemplateId ?? "",
        capacity: initialCapacity(plan, state.rolling),
        subnets: plan.subnets,
        healthCheckType: plan.healthCheckType,
        healthCheckGracePeriod: plan.healthCheckGracePeriod,
        terminationPolicies: plan.terminationPolicies,
        defaultCooldown: plan.defaultCooldown,
        targetGroupArns: plan.targetGroupArns,
        userTags: plan.userTags,
        carryOver: plan.spec,
        lifecycleHooks: plan.copies?.lifecycleHooks,
        tags: {
          [TAGS.cluster]: options.cluster,
          [TAGS.ami]: options.amiId,
          [TAGS.phase]: "waiting",
          [TAGS.run]: (owner.run ?? owner.id).slice(0, 256),
          [TAGS.deployBy]: rerunKey(owner, deployInvocation(options)).slice(0, 256),
          ...plan.previous ? { [TAGS.sourceGroup]: plan.previous.name } : {},
          ...options.promotedFrom ? { [TAGS.promotedFrom]: options.promotedFrom.slice(0, 256) } : {},
          ...servedTargetGroupTags(plan.targetGroupArns),
          [TAGS.targetCapacity]: `${plan.capacity.min}/${plan.capacity.desired}/${plan.capacity.max}`,
          ...!state.rolling && plan.capacity.min < plan.capacity.desired ? { [TAGS.pinnedMin]: String(plan.capacity.min) } : {}
        }
      },
      state.signal
    );
  },
  recover: abandonNewGroup
};
var copyToGroup = {
  name: "copy-to-group",
  mutates: (state) => state.plan.previous !== void 0 && hasGroupCopies(state.plan.spec, state.plan.copies),
  async run(state) {
    const { aws, runtime, plan } = state;
    if (!plan.previous) return;
    await applyGroupCopies(aws, runtime, plan.newGroupName, plan.spec, plan.copies, { signal: state.signal });
  },
  recover: abandonNewGroup
};
var waitHealthy = {
  name: "wait-healthy",
  mutates: false,
  async run(state) {
    const { aws, runtime, plan } = state;
    let healthy;
    state.health = await waitUntilHealthy(aws, runtime, plan.newGroupName, plan.targetGroupArns, {
      timeoutMs: plan.options.healthTimeoutMs,
      ...pollOptions(state),
      onGroup: (group) => healthy = group
    });
    runtime.logger.info(
      `${plan.newGroupName} is healthy: ${state.health.value.healthy}/${state.health.value.desired} after ${state.health.attempts} check(s)`
    );
    await unpinGroup(aws, plan.newGroupName, { group: healthy, tags: { [TAGS.phase]: "serving" } });
  },
  recover: abandonNewGroup
};
async function restoreAfterShift(state, cause) {
  const { aws, runtime, plan } = state;
  const old = state.old ?? plan.previous;
  if (!old) return void 0;
  runtime.logger.warn(`Rolling deploy failed (${describeError(cause)}): restoring ${old.name} fully`);
  const [current] = await describeGroups(aws.autoScaling, [old.name]);
  await releaseGroup(aws, { ...current ?? old, servedTargetGroupArns: old.servedTargetGroupArns });
  try {
    await waitUntilHealthy(aws, runtime, old.name, old.servedTargetGroupArns, {
      timeoutMs: plan.options.healthTimeoutMs,
      since: runtime.clock.now(),
      ...pollOptions(state)
    });
  } catch (error2) {
    runtime.logger.warn(
      `${old.name} did not become healthy again (${describeError(error2)}): ${plan.newGroupName} keeps serving beside it`
    );
    return void 0;
  }
  const [created] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
  if (created) await disableGroup(aws, runtime, created, { tags: { [TAGS.phase]: "rolled-back" } });
  runtime.logger.info(`${old.name} serves fully again; ${plan.newGroupName} is disabled`);
  return void 0;
}
var holdPrevious = {
  name: "hold-previous",
  mutates: true,
  async run(state) {
    const name = state.plan.previous?.name ?? "";
    const [old] = await describeGroups(state.aws.autoScaling, [name]);
    if (!old) throw new ImmutableError("NOT_FOUND", `${name} disappeared before the rolling deploy.`);
    state.old = old;
    await holdGroup(state.aws, old);
  },
  recover: restoreAfterShift
};
function shiftStep(index, percent, last) {
  return {
    name: `shift-${percent}`,
    mutates: true,
    async run(state) {
      const { aws, runtime, plan } = state;
      const { options } = plan;
      const old = state.old;
      const log = runtime.logger;
      const desired = rollingSteps(options.percentages, plan.capacity.desired)[index]?.desired ?? 0;
      log.info(`Shift ${percent}%: ${plan.newGroupName} to ${desired} instance(s)`);
      await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: "rolling", [TAGS.rollingStep]: String(index) });
      const [current] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
      if (!current)
        throw new ImmutableError("NOT_FOUND", `${plan.newGroupName} disappeared during the rolling deploy.`);
      const target = last ? plan.capacity : { min: 0, desired, max: plan.capacity.max };
      if (current.capacity.desired < target.desired || last && current.capacity.min !== target.min) {
        await resizeGroup(aws, plan.newGroupName, {
          ...target,
          desired: Math.max(target.desired, current.capacity.desired)
        });
      }
      state.health = await waitUntilHealthy(aws, runtime, plan.newGroupName, plan.targetGroupArns, {
        timeoutMs: options.healthTimeoutMs,
        ...pollOptions(state)
      });
      const oldIds = old.instances.filter((i) => i.lifecycleState === "InService").map((i) => i.id).sort();
      const share = oldIds.slice(0, Math.ceil(percent * oldIds.length / 100));
      await deregisterTargets(aws, old.servedTargetGroupArns, share);
      log.info(
        `Shift ${percent}%: ${state.health.value.healthy} new instance(s) healthy, ${share.length}/${oldIds.length} old ones out of traffic`
      );
      const firing = (await readAlarms(aws, options.alarmNames, DEPLOY_INPUTS.alarmNames)).find(
        (a) => a.state === "ALARM"
      );
      if (firing) {
        throw new ImmutableError(
          "ALARM",
          `Alarm ${firing.name} went to ALARM at the ${percent}% step of the rolling deploy.`
        );
      }
      if (last) await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: "serving" });
      else if (options.stepWaitMs > 0) await runtime.sleep(options.stepWaitMs, state.signal);
    },
    recover: restoreAfterShift
  };
}
var disablePrevious = {
  name: "disable-previous",
  mutates: (state) => state.plan.previous !== void 0,
  async run(state) {
    const { aws, runtime, plan } = state;
    const [previous] = plan.previous ? await describeGroups(aws.autoScaling, [plan.previous.name]) : [];
    if (previous) await disableGroup(aws, runtime, previous, { ttlMs: plan.options.disabledTtlMs });
  }
};
var watch = {
  name: "watch",
  mutates: false,
  async run(state) {
    const { options } = state.plan;
    state.alarm = await watchAlarms(state.aws, state.runtime, options.alarmNames, options.bakeTimeMs, {
      inputName: DEPLOY_INPUTS.alarmNames,
      ...pollOptions(state)
    });
    if (state.alarm) {
      const { alarm } = state;
      state.runtime.logger.warn(
        `Alarm ${alarm.name} went to ALARM during the bake time${alarm.reason ? ` (${alarm.reason})` : ""}: rolling back`
      );
    } else if (options.bakeTimeMs > 0 && options.alarmNames.length > 0) {
      state.runtime.logger.info("Bake time passed with every alarm quiet");
    }
  }
};
var alarmFired = (state) => state.alarm !== void 0;
var quiet = (state) => state.alarm === void 0;
var alarmName = (state) => state.alarm?.name ?? "";
async function restoreGroupFor(state) {
  const restore = state.plan.previous?.name;
  if (!restore) {
    throw new ImmutableError(
      "ALARM",
      `Alarm ${alarmName(state)} went to ALARM during the bake time, and there is no previous group to roll back to.`
    );
  }
  const [previous] = await describeGroups(state.aws.autoScaling, [restore]);
  if (!previous)
    throw new ImmutableError(
      "ALARM",
      `Alarm ${alarmName(state)} went to ALARM, but ${restore} no longer exists: ${state.plan.newGroupName} keeps serving.`
    );
  return previous;
}
var enablePrevious = {
  name: "enable-previous",
  mutates: true,
  when: alarmFired,
  branch: "alarm",
  async run(state) {
    const previous = await restoreGroupFor(state);
    await pinGroup(state.aws, previous);
    await enableGroup(state.aws, state.runtime, previous);
  }
};
var waitPreviousHealthy = {
  name: "wait-previous-healthy",
  mutates: false,
  when: alarmFired,
  branch: "alarm",
  async run(state) {
    const previous = await restoreGroupFor(state);
    let healthy;
    try {
      await waitUntilHealthy(state.aws, state.runtime, previous.name, previous.servedTargetGroupArns, {
        timeoutMs: state.plan.options.healthTimeoutMs,
        since: state.runtime.clock.now(),
        ...pollOptions(state),
        onGroup: (group) => healthy = group
      });
    } catch (error2) {
      await unpinGroup(state.aws, previous.name);
      throw new ImmutableError(
        "ALARM",
        `Alarm ${alarmName(state)} went to ALARM, but ${previous.name} did not become healthy again (${describeError(error2)}): ${state.plan.newGroupName} keeps serving beside it.`,
        { cause: error2 }
      );
    }
    await unpinGroup(state.aws, previous.name, { group: healthy });
  }
};
var disableNew = {
  name: "disable-new",
  mutates: true,
  when: alarmFired,
  branch: "alarm",
  async run(state) {
    const { aws, runtime, plan } = state;
    const [bad] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
    if (bad) await disableGroup(aws, runtime, bad, { tags: { [TAGS.phase]: "rolled-back" } });
    const restored = plan.previous?.name ?? "";
    const error2 = new ImmutableError(
      "ALARM",
      `Alarm ${alarmName(state)} went to ALARM during the bake time: rolled back to ${restored}; ${plan.newGroupName} is disabled.`
    );
    runtime.logger.warn(error2.message);
    if (state.alarm) state.rolledBack = { alarm: state.alarm, restoredGroup: restored, error: error2 };
  }
};
var ALARM_ROLLBACK_STEPS = [
  enablePrevious,
  waitPreviousHealthy,
  disableNew
];
var deleteOld = {
  name: "delete-old",
  mutates: (state) => state.plan.toDelete.length > 0,
  when: quiet,
  async run(state) {
    const { aws, runtime, plan } = state;
    for (const current of await describeGroups(
      aws.autoScaling,
      plan.toDelete.map((g) => g.name)
    )) {
      await deleteGroup(aws, runtime, current);
    }
    state.deleted.push(...plan.toDelete.map((g) => g.name));
  }
};
var scalePreviousToZero = {
  name: "scale-previous-to-zero",
  mutates: true,
  when: quiet,
  async run(state) {
    const { aws, runtime, plan } = state;
    if (!plan.previous || state.deleted.includes(plan.previous.name)) return;
    const [disabled] = await describeGroups(aws.autoScaling, [plan.previous.name]);
    if (disabled && !disabled.enabled && disabled.capacity.desired > 0) {
      await scaleToZero(aws, runtime, disabled);
      state.scaledDown.push(disabled.name);
    }
  }
};
var stopPrevious = {
  name: "stop-previous",
  mutates: true,
  when: quiet,
  async run(state) {
    const { aws, runtime, plan } = state;
    if (!plan.previous || state.deleted.includes(plan.previous.name)) return;
    const [disabled] = await describeGroups(aws.autoScaling, [plan.previous.name]);
    if (disabled && !disabled.enabled) await stopIntoWarmPool(aws, runtime, disabled);
  }
};
function mayHaveExpired(state) {
  const now = state.runtime.clock.now();
  return state.plan.cluster.groups.some((g) => {
    const expires = Date.parse(g.tags[TAGS.expiresAt] ?? "");
    return !state.deleted.includes(g.name) && !Number.isNaN(expires) && expires <= now;
  });
}
var retireExpired = {
  name: "retire-expired",
  mutates: mayHaveExpired,
  when: quiet,
  async run(state) {
    if (!mayHaveExpired(state)) return;
    const expired = await cleanupCluster(state.aws, state.runtime, {
      cluster: state.plan.options.cluster,
      delete: false,
      includeNewest: false,
      dryRun: false
    });
    state.scaledDown.push(...expired.scaledDown);
    if (expired.scaledDown.length === 0 && expired.deleted.length === 0)
      state.after = Promise.resolve(expired.plan.cluster);
  }
};
var unlock = {
  name: "unlock",
  mutates: false,
  quiet: true,
  async run(state) {
    const { plan } = state;
    if (!state.rolledBack) {
      state.runtime.logger.info(
        `Deployed ${plan.options.amiId} to ${plan.newGroupName}${plan.previous ? `, replacing ${plan.previous.name}` : ""}`
      );
    }
    state.after ??= describeCluster(state.aws.autoScaling, plan.options.cluster);
    state.after.catch(() => void 0);
    await state.lock?.release();
    state.lock = void 0;
  }
};
var AFTER_SWITCH = [disablePrevious, watch, ...ALARM_ROLLBACK_STEPS, deleteOld];
var DEPLOY_STEPS = [
  lock,
  createLaunchTemplate,
  createGroup,
  copyToGroup,
  waitHealthy,
  ...AFTER_SWITCH,
  retireExpired,
  unlock
];
var HIGHLANDER_STEPS = [
  lock,
  createLaunchTemplate,
  createGroup,
  copyToGroup,
  waitHealthy,
  ...AFTER_SWITCH,
  unlock
];
function rollingRedBlackSteps(percentages) {
  return [
    lock,
    createLaunchTemplate,
    createGroup,
    copyToGroup,
    holdPrevious,
    ...percentages.map((percent, i) => shiftStep(i, percent, i === percentages.length - 1)),
    ...AFTER_SWITCH,
    retireExpired,
    unlock
  ];
}
function deploySteps(plan) {
  const base = plan.options.strategy === "highlander" ? HIGHLANDER_STEPS : isRolling(plan) ? rollingRedBlackSteps(plan.options.percentages) : DEPLOY_STEPS;
  const retire = { "scale-to-zero": scalePreviousToZero, stopped: stopPrevious }[plan.options.previousGroup];
  if (!retire) return base;
  const at = base.indexOf(deleteOld) + 1;
  return [...base.slice(0, at), retire, ...base.slice(at)];
}

// packages/core/src/deploy/deploy.ts
async function deploy(context, options) {
  const { aws, runtime } = context;
  const log = runtime.logger;
  const validated = await planDeploy(aws, options, { owner: context.owner ?? LOCAL_OWNER });
  const standby = await estimateStandby(aws, runtime, validated);
  if (options.dryRun) {
    const planText = [
      ...describePlan(validated),
      ...standby ? standbyCostLines(standby, options.previousGroup) : []
    ];
    for (const line of planText) log.info(line);
    log.info("Dry run: nothing was changed.");
    return {
      ...summaryBase(validated, planText),
      dryRun: true,
      launchTemplateId: void 0,
      deleted: [],
      health: void 0,
      rolledBack: void 0,
      warm: void 0,
      standby,
      scaledDown: [],
      after: validated.cluster
    };
  }
  const steps = deploySteps(validated);
  const state = {
    aws,
    runtime,
    signal: context.signal,
    owner: context.owner ?? LOCAL_OWNER,
    pollDelays: context.pollDelays,
    options,
    plan: validated,
    planText: [],
    launchTemplateId: void 0,
    health: void 0,
    rolling: steps.some((s) => s.name.startsWith("shift-")),
    old: void 0,
    alarm: void 0,
    rolledBack: void 0,
    deleted: [],
    scaledDown: []
  };
  state.aws = gateWrites(aws, state);
  await runWorkflow("deploy", steps, state, runtime, {
    beforeStep: (step, s) => context.beforeStep?.(step, s.plan),
    onEvent: (event, s) => context.onEvent?.(event, s.plan)
  });
  const { plan } = state;
  if (standby) for (const line of standbyCostLines(standby, options.previousGroup)) log.info(line);
  const after = await state.after ?? await describeCluster(aws.autoScaling, options.cluster);
  const warmGroup = plan.previous && after.groups.find((g) => g.name === plan.previous?.name && !g.enabled);
  const warm = warmGroup ? {
    group: warmGroup.name,
    instances: warmGroup.instances.length,
    instanceType: plan.previousInstanceType,
    instanceHoursPerDay: warmGroup.instances.length * 24
  } : void 0;
  return {
    ...summaryBase(plan, state.planText),
    dryRun: false,
    launchTemplateId: state.launchTemplateId,
    deleted: state.deleted,
    health: state.health,
    rolledBack: state.rolledBack,
    warm,
    standby,
    scaledDown: state.scaledDown,
    after
  };
}
async function estimateStandby(aws, runtime, plan) {
  const previous = plan.previous;
  if (!previous || plan.options.strategy === "highlander") return void 0;
  const template = plan.launchTemplateData.BlockDeviceMappings;
  const read = plan.previousImage;
  if (read?.error !== void 0 && previous.amiId) {
    runtime.logger.debug(
      `Could not read ${previous.amiId}'s volumes for the cost estimate: ${describeError(read.error)}`
    );
  }
  const volumes = read ? standbyVolumes(template, read.blockDeviceMappings) : await readStandbyVolumes(aws, runtime, previous.amiId, template);
  return standbyCost({
    group: previous.name,
    instances: (recordedCapacity(previous.tags) ?? previous.capacity).desired,
    instanceType: plan.previousInstanceType,
    volumes
  });
}
function summaryBase(plan, planText) {
  return {
    plan,
    planText,
    newGroup: plan.newGroupName,
    previousGroup: plan.previous?.name,
    resumed: plan.resume !== void 0,
    before: plan.cluster
  };
}

// packages/core/src/cluster/table.ts
function clusterRows(cluster, now) {
  return cluster.groups.map((g) => ({
    group: g.name,
    state: groupState(g),
    ami: g.amiId ?? "?",
    launchTemplate: g.launchTemplate?.name ?? g.launchTemplate?.id ?? "-",
    capacity: `${g.capacity.min}/${g.capacity.desired}/${g.capacity.max}`,
    instances: `${g.instances.filter((i) => i.lifecycleState === "InService" && i.healthStatus === "Healthy").length}/${g.instances.length}`,
    age: formatDuration(Math.max(0, now - g.createdTime.getTime()))
  }));
}
function groupState(group) {
  if (group.phase === "failed") return "failed";
  if (group.phase === "creating" || group.phase === "waiting")
    return group.enabled ? "deploying" : "deploying (disabled)";
  return group.enabled ? "serving" : "disabled";
}
var HEADERS = {
  group: "Group",
  state: "State",
  ami: "AMI",
  launchTemplate: "Launch template",
  capacity: "Min/Desired/Max",
  instances: "Healthy/Total",
  age: "Age"
};
function clusterMarkdown(cluster, now, region) {
  const rows = clusterRows(cluster, now);
  if (rows.length === 0) return `_Cluster ${cluster.name} has no groups._
`;
  const keys = Object.keys(HEADERS);
  return [
    `| ${keys.map((k) => HEADERS[k]).join(" | ")} |`,
    `| ${keys.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${keys.map((k) => k === "group" ? groupCell(r, region) : r[k]).join(" | ")} |`)
  ].join("\n") + "\n";
}
function groupCell(row, region) {
  const name = region ? `[${row.group}](${groupConsoleUrl(region, row.group)})` : row.group;
  return row.state === "serving" ? `**${name}**` : name;
}
function groupConsoleUrl(region, group) {
  return `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#AutoScalingGroupDetails:id=${encodeURIComponent(group)};view=details`;
}

// packages/core/src/deploy/summary.ts
function amiLink(amiId, region) {
  const url = region ? amiConsoleUrl(region, amiId) : `https://console.aws.amazon.com/ec2/home#ImageDetails:imageId=${amiId}`;
  return `[${amiId}](${url})`;
}
function runLine(links) {
  return links.runUrl ? [`- Run: [${links.runUrl}](${links.runUrl})`] : [];
}

// packages/core/src/rollback/options.ts
var ROLLBACK_INPUTS = {
  cluster: "cluster",
  region: "region",
  to: "to",
  healthTimeout: "health-timeout",
  dryRun: "dry-run",
  lockTimeout: "lock-timeout",
  breakLock: "break-lock",
  githubToken: "github-token",
  allowedAmiOwners: "allowed-ami-owners"
};
var ROLLBACK_OUTPUTS = {
  asgName: "asg-name",
  previousAsgName: "previous-asg-name"
};
function parseRollbackOptions(raw) {
  const cluster = parseClusterName(required(ROLLBACK_INPUTS.cluster, raw.cluster)).cluster;
  const healthTimeoutMs = parseDuration(
    ROLLBACK_INPUTS.healthTimeout,
    optional(raw.healthTimeout) ?? "10m",
    DURATION_BOUNDS.healthTimeout
  );
  return {
    cluster,
    region: optional(raw.region),
    to: parseTarget(cluster, optional(raw.to)),
    allowedAmiOwners: parseAmiOwners(raw.allowedAmiOwners),
    healthTimeoutMs,
    dryRun: parseBoolean(ROLLBACK_INPUTS.dryRun, raw.dryRun, false),
    lockTimeoutMs: parseDuration(
      ROLLBACK_INPUTS.lockTimeout,
      optional(raw.lockTimeout) ?? "0",
      DURATION_BOUNDS.lockTimeout
    ),
    breakLock: parseBoolean(ROLLBACK_INPUTS.breakLock, raw.breakLock, false)
  };
}
function parseTarget(cluster, to) {
  if (to === void 0) return { kind: "previous" };
  if (/^ami-[0-9a-f]{8,17}$/.test(to)) return { kind: "ami", amiId: to };
  const version = /^v(\d{3,6})$/.exec(to);
  if (version?.[1]) return { kind: "group", name: formatGroupName(cluster, Number(version[1])) };
  if (parseGroupName(to)?.cluster === cluster) return { kind: "group", name: to };
  throw invalidInput(
    ROLLBACK_INPUTS.to,
    to,
    `a group of cluster ${cluster} (${cluster}-vNNN), a version (v012) or an AMI id`
  );
}
var AMI_OWNER = /^(\d{12}|self|amazon|aws-marketplace)$/;
function parseAmiOwners(value) {
  const owners = parseList(value);
  for (const owner of owners) {
    if (!AMI_OWNER.test(owner)) {
      throw invalidInput(
        ROLLBACK_INPUTS.allowedAmiOwners,
        owner,
        "12-digit AWS account ids, self, amazon or aws-marketplace, comma-separated"
      );
    }
  }
  return ["self", ...owners.filter((owner) => owner !== "self")];
}

// packages/core/src/rollback/resolve-image.ts
async function resolveRollbackImage(aws, amiId, cluster, allowedOwners) {
  const find = async (owners) => {
    try {
      const answer = await aws.ec2.describeImages(
        owners ? { Owners: [...owners], Filters: [{ Name: "image-id", Values: [amiId] }] } : { ImageIds: [amiId] }
      );
      return answer.Images?.[0];
    } catch (error2) {
      if (isNotFoundError(error2, /InvalidAMIID/)) return void 0;
      throw error2;
    }
  };
  const owned = await find(allowedOwners);
  if (owned?.State === "available") return amiId;
  if (owned) {
    throw invalidInput(ROLLBACK_INPUTS.to, amiId, `an available AMI (it is ${owned.State ?? "unknown"})`);
  }
  const anyone = await find();
  if (!anyone) {
    throw invalidInput(
      ROLLBACK_INPUTS.to,
      amiId,
      `an AMI that exists in ${aws.region} (no group of ${cluster} runs it)`
    );
  }
  throw invalidInput(
    ROLLBACK_INPUTS.to,
    amiId,
    `an AMI owned by this account or by ${ROLLBACK_INPUTS.allowedAmiOwners} (${allowedOwners.join(", ")}); it is owned by ${anyone.OwnerId ?? "an unknown account"}`
  );
}

// packages/core/src/rollback/steps.ts
var targetOf = (state) => state.plan.target;
var lock2 = {
  name: "lock",
  mutates: false,
  quiet: true,
  async run(state) {
    const { aws, runtime, options, owner } = state;
    state.lock = await acquireClusterLock(ungated(aws), runtime, {
      cluster: options.cluster,
      owner,
      timeoutMs: options.lockTimeoutMs,
      breakForeign: options.breakLock,
      signal: state.signal
    });
    if (options.lockTimeoutMs > 0 || state.lock.tookOver)
      state.plan = await planRollback(aws, options, owner);
    state.planText = describeRollbackPlan(state.plan);
    for (const line of state.planText) runtime.logger.info(line);
  }
};
var mark = {
  name: "mark",
  mutates: true,
  async run(state) {
    const { bad } = state.plan;
    const target = targetOf(state);
    if (bad && (bad.tags[TAGS.rollbackTo] !== target.name || bad.tags[TAGS.rollbackBy] !== rerunKey(state.owner))) {
      await tagGroup(state.aws, bad.name, {
        [TAGS.rollbackTo]: target.name,
        [TAGS.rollbackBy]: rerunKey(state.owner).slice(0, 256)
      });
    }
  }
};
var resize = {
  name: "resize",
  mutates: (state) => state.plan.resizeTo !== void 0,
  async run(state) {
    const { resizeTo } = state.plan;
    if (!resizeTo) return;
    const target = targetOf(state);
    state.growingSince = state.runtime.clock.now();
    await resizeGroup(state.aws, target.name, resizeTo);
    state.runtime.logger.info(`Resized ${target.name} to ${resizeTo.desired} instance(s)`);
  }
};
var enableTarget = {
  name: "enable-target",
  mutates: true,
  async run(state) {
    const target = targetOf(state);
    const [current] = await describeGroups(state.aws.autoScaling, [target.name]);
    if (!current) throw new ImmutableError("NOT_FOUND", `${target.name} disappeared during the rollback.`);
    await pinGroup(state.aws, current);
    await enableGroup(state.aws, state.runtime, current);
  }
};
var waitHealthy2 = {
  name: "wait-healthy",
  mutates: false,
  async run(state) {
    const { aws, runtime } = state;
    const target = targetOf(state);
    let healthy;
    state.health = await waitUntilHealthy(
      aws,
      runtime,
      target.name,
      // The target groups it serves now, read beside it: those it served when planned, as a rule.
      { guess: target.servedTargetGroupArns, of: (group) => group.servedTargetGroupArns },
      {
        timeoutMs: state.options.healthTimeoutMs,
        since: state.growingSince ?? runtime.clock.now(),
        signal: state.signal,
        ...state.pollDelays,
        onGroup: (group) => healthy = group
      }
    );
    await unpinGroup(aws, target.name, { group: healthy, tags: { [TAGS.phase]: "serving" } });
  },
  /** The bad group still serves: take the target out again so the cluster is as it was. */
  async recover(state, error2) {
    const { aws, runtime, plan } = state;
    const target = targetOf(state);
    await unpinGroup(aws, target.name);
    const [again] = await describeGroups(aws.autoScaling, [target.name]);
    if (again) await disableGroup(aws, runtime, again);
    const recorded = target.tags[TAGS.capacity];
    if (state.growingSince !== void 0 && recorded) {
      await tagGroup(aws, target.name, { [TAGS.capacity]: recorded });
      const [disabled] = await describeGroups(aws.autoScaling, [target.name]);
      if (disabled) await scaleToZero(aws, runtime, disabled);
    }
    if (plan.bad) {
      await aws.autoScaling.deleteTags({
        Tags: [{ ResourceId: plan.bad.name, ResourceType: "auto-scaling-group", Key: TAGS.rollbackTo }]
      });
    }
    return new ImmutableError(
      "UNHEALTHY",
      `Rollback to ${target.name} failed: ${describeError(error2)} ${plan.bad ? `${plan.bad.name} keeps serving.` : ""}`.trim(),
      { cause: error2 }
    );
  }
};
var restorePool = {
  name: "restore-warm-pool",
  // Only a target that waited in a warm pool of ours records one (it did when planned, under the lock).
  mutates: (state) => targetOf(state).tags[TAGS.warmPool] !== void 0,
  async run(state) {
    const target = targetOf(state);
    if (target.tags[TAGS.warmPool] === void 0) return;
    const [current] = await describeGroups(state.aws.autoScaling, [target.name]);
    if (current) await restoreWarmPool(state.aws, state.runtime, current);
  }
};
var disableBad = {
  name: "disable-bad",
  mutates: true,
  async run(state) {
    const { aws, runtime, plan } = state;
    if (!plan.bad) return;
    const [bad] = await describeGroups(aws.autoScaling, [plan.bad.name]);
    if (bad) await disableGroup(aws, runtime, bad, { tags: { [TAGS.phase]: "rolled-back" } });
  }
};
var unlock2 = {
  name: "unlock",
  mutates: false,
  quiet: true,
  async run(state) {
    const { plan, options } = state;
    state.runtime.logger.info(
      `Rolled back ${options.cluster}: ${plan.target?.name} serves${plan.bad ? `, ${plan.bad.name} is disabled` : ""}`
    );
    state.after = describeCluster(state.aws.autoScaling, options.cluster);
    state.after.catch(() => void 0);
    await state.lock?.release();
    state.lock = void 0;
  }
};
var ROLLBACK_STEPS = [
  lock2,
  mark,
  resize,
  enableTarget,
  waitHealthy2,
  restorePool,
  disableBad,
  unlock2
];

// packages/core/src/rollback/rollback.ts
async function planRollback(aws, options, owner, waitingForLock = false, read) {
  const cluster = read ?? await describeCluster(aws.autoScaling, options.cluster);
  if (cluster.groups.length === 0) {
    throw invalidInput(
      ROLLBACK_INPUTS.cluster,
      options.cluster,
      `a cluster with groups (no ${options.cluster}-vNNN group in ${aws.region})`
    );
  }
  const interrupted = cluster.groups.find((g) => g.tags[TAGS.rollbackTo] && g.enabled);
  const resumeTarget = interrupted && cluster.groups.find((g) => g.name === interrupted.tags[TAGS.rollbackTo]);
  if (interrupted && resumeTarget) {
    return {
      options,
      cluster,
      bad: interrupted,
      target: resumeTarget,
      redeployAmi: void 0,
      resizeTo: resizeFor(resumeTarget, interrupted),
      resumed: true,
      done: false
    };
  }
  const serving = servingGroup(cluster);
  const finished = cluster.groups.find(
    (g) => !g.enabled && g.tags[TAGS.rollbackBy] === rerunKey(owner) && g.tags[TAGS.rollbackTo] === serving?.name
  );
  if (finished && serving && options.to.kind === "previous") {
    const base = { options, cluster, redeployAmi: void 0, resizeTo: void 0 };
    return { ...base, bad: finished, target: serving, resumed: true, done: true };
  }
  const deploying = cluster.groups.find((g) => isUnfinished(g.phase));
  if (deploying && !waitingForLock) {
    throw new ImmutableError(
      "CONFLICT",
      `Cluster ${options.cluster} is in the middle of a deploy (${deploying.name} is ${deploying.phase}): let it finish, or re-run it, before rolling back.`
    );
  }
  const bad = serving;
  const target = await pickTarget(aws, options, cluster, bad);
  if (typeof target === "string") {
    return {
      options,
      cluster,
      bad,
      target: void 0,
      redeployAmi: target,
      resizeTo: void 0,
      resumed: false,
      done: false
    };
  }
  return {
    options,
    cluster,
    bad,
    target,
    redeployAmi: void 0,
    resizeTo: bad ? resizeFor(target, bad) : void 0,
    resumed: false,
    done: false
  };
}
async function pickTarget(aws, options, cluster, bad) {
  const candidates = cluster.groups.filter(
    (g) => g !== bad && !g.enabled && g.phase !== "failed" && !isUnfinished(g.phase)
  );
  const to = options.to;
  if (to.kind === "previous") {
    const older = candidates.filter((g) => !bad || g.createdTime.getTime() < bad.createdTime.getTime());
    const target = older.at(-1);
    if (!target) {
      throw new ImmutableError(
        "NOT_FOUND",
        `Cluster ${options.cluster} has no rollback candidate: no disabled group older than ${bad?.name ?? "the newest group"} (name one with to:, or an AMI to deploy anew).`
      );
    }
    return target;
  }
  if (to.kind === "group") {
    if (bad?.name === to.name)
      throw invalidInput(ROLLBACK_INPUTS.to, to.name, "a group other than the one serving now");
    const target = cluster.groups.find((g) => g.name === to.name);
    if (!target)
      throw invalidInput(ROLLBACK_INPUTS.to, to.name, `an existing group of cluster ${options.cluster}`);
    return target;
  }
  if (bad?.amiId === to.amiId)
    throw invalidInput(ROLLBACK_INPUTS.to, to.amiId, `an AMI other than the one serving now (${bad.name})`);
  const byAmi = candidates.filter((g) => g.amiId === to.amiId).at(-1);
  if (byAmi) return byAmi;
  return resolveRollbackImage(aws, to.amiId, options.cluster, options.allowedAmiOwners);
}
function resizeFor(target, bad) {
  const base = recordedCapacity(target.tags) ?? target.capacity;
  const desired = Math.max(base.desired, bad.capacity.desired);
  if (target.capacity.desired >= desired) return void 0;
  return {
    min: Math.max(base.min, bad.capacity.min),
    desired,
    max: Math.max(base.max, bad.capacity.max, desired)
  };
}
function describeRollbackPlan(plan) {
  if (plan.done) {
    return [`Already rolled back by this run: ${plan.target?.name} serves, ${plan.bad?.name} is disabled`];
  }
  const lines = [];
  if (plan.resumed)
    lines.push(`Finishing an interrupted rollback from ${plan.bad?.name} to ${plan.target?.name}`);
  if (plan.redeployAmi) {
    lines.push(
      `No group of ${plan.options.cluster} runs ${plan.redeployAmi} any more: deploy it as a new group (red/black)`
    );
    return lines;
  }
  const target = plan.target?.name ?? "?";
  if (plan.resizeTo && plan.target?.tags[TAGS.warmPool] !== void 0) {
    lines.push(
      `Start ${target} again: grow it back to ${plan.resizeTo.desired} instance(s) out of the warm pool its instances wait in, stopped`
    );
  } else if (plan.resizeTo && plan.target && recordedCapacity(plan.target.tags)) {
    lines.push(
      `Scale ${target} back up to ${plan.resizeTo.desired} instance(s) first: it was scaled to zero to save cost`
    );
  } else if (plan.resizeTo) {
    lines.push(
      `Resize ${target} to min ${plan.resizeTo.min} / desired ${plan.resizeTo.desired} / max ${plan.resizeTo.max} (it was scaled down)`
    );
  }
  lines.push(`Enable ${target} (${plan.target?.amiId ?? "unknown AMI"}) and wait until it is healthy`);
  lines.push(
    plan.bad ? `Disable ${plan.bad.name} (${plan.bad.amiId ?? "unknown AMI"}), keeping it warm` : "Nothing serves now: nothing to disable"
  );
  return lines;
}
async function rollback(context, options) {
  const { aws, runtime } = context;
  const log = runtime.logger;
  const [lockRead, clusterRead] = await Promise.allSettled([
    describeLock(aws, options.cluster),
    describeCluster(aws.autoScaling, options.cluster)
  ]);
  if (lockRead.status === "rejected") throw lockRead.reason;
  if (clusterRead.status === "rejected") throw clusterRead.reason;
  const held = lockRead.value;
  const owner = context.owner ?? LOCAL_OWNER;
  const waitingForLock = options.lockTimeoutMs > 0 && held !== void 0 && !mayTakeOver(held.holder, owner) && !options.dryRun;
  const validated = await planRollback(aws, options, owner, waitingForLock, clusterRead.value);
  if (options.dryRun || validated.redeployAmi || validated.done) {
    const planText = describeRollbackPlan(validated);
    for (const line of planText) log.info(line);
    const ami = validated.redeployAmi;
    if (options.dryRun || validated.done || !ami) {
      if (options.dryRun) log.info("Dry run: nothing was changed.");
      return result(validated, planText, { dryRun: options.dryRun, after: validated.cluster });
    }
    const redeploy = await deploy(
      {
        aws,
        runtime,
        signal: context.signal,
        owner: context.owner,
        ...context.pollDelays ? { pollDelays: context.pollDelays } : {}
      },
      deployOptionsFor(options.cluster, ami, {
        region: options.region,
        healthTimeoutMs: options.healthTimeoutMs,
        lockTimeoutMs: options.lockTimeoutMs,
        breakLock: options.breakLock,
        // A rollback deletes nothing: every group stays for the next decision.
        maxGroups: Math.max(2, validated.cluster.groups.length + 1)
      })
    );
    return {
      ...result(validated, planText, { dryRun: false, after: redeploy.after }),
      servingGroup: redeploy.newGroup,
      disabledGroup: redeploy.previousGroup,
      redeploy,
      health: redeploy.health
    };
  }
  const state = {
    aws,
    runtime,
    signal: context.signal,
    owner,
    pollDelays: context.pollDelays,
    options,
    plan: validated,
    planText: [],
    health: void 0,
    growingSince: void 0
  };
  state.aws = gateWrites(aws, state);
  await runWorkflow("rollback", ROLLBACK_STEPS, state, runtime, {
    beforeStep: (step) => context.beforeStep?.(step),
    onEvent: (event) => context.onEvent?.(event)
  });
  const after = await state.after ?? await describeCluster(aws.autoScaling, options.cluster);
  return { ...result(state.plan, state.planText, { dryRun: false, after }), health: state.health };
}
function result(plan, planText, rest) {
  return {
    plan,
    planText,
    servingGroup: plan.target?.name ?? plan.bad?.name ?? "",
    disabledGroup: plan.bad?.name,
    health: void 0,
    redeploy: void 0,
    before: plan.cluster,
    ...rest
  };
}

// packages/core/src/rollback/summary.ts
function rollbackSummary(result2, now, links = {}) {
  const { plan } = result2;
  const region = plan.options.region ?? process.env.AWS_REGION;
  const ami = (id) => id ? amiLink(id, region) : "unknown AMI";
  const lines = [
    `### rollback-asg${result2.dryRun ? " (dry run)" : ""}: ${plan.options.cluster} → ${result2.servingGroup}`,
    ""
  ];
  if (result2.redeploy)
    lines.push(`- ${ami(plan.redeployAmi)} had no group left: deployed anew as ${result2.servingGroup}`);
  else
    lines.push(
      `- Restored ${result2.servingGroup} (${ami(plan.target?.amiId)})${result2.dryRun ? " (would be)" : ""}`
    );
  if (result2.disabledGroup)
    lines.push(
      `- Disabled ${result2.disabledGroup}${plan.bad?.name === result2.disabledGroup && plan.bad?.amiId ? ` (${ami(plan.bad.amiId)})` : ""}${result2.dryRun ? " (would be)" : ", kept warm"}`
    );
  if (plan.resizeTo && plan.target?.tags[TAGS.warmPool] !== void 0)
    lines.push(
      `- ${plan.target.name} waited stopped in a warm pool: grown back to ${plan.resizeTo.desired} instance(s) from it${result2.dryRun ? " (would be)" : ", and the pool removed (or its own put back)"}`
    );
  else if (plan.resizeTo)
    lines.push(
      `- ${plan.target?.name} was scaled down: resized to ${plan.resizeTo.desired} instance(s) first`
    );
  if (result2.health) lines.push(`- Healthy after ${formatDuration(result2.health.elapsedMs)}`);
  lines.push(...runLine(links));
  lines.push(
    "",
    "**Plan**",
    "",
    "```",
    ...result2.planText,
    "```",
    "",
    "**Before**",
    "",
    clusterMarkdown(result2.before, now, region)
  );
  if (!result2.dryRun) lines.push("**After**", "", clusterMarkdown(result2.after, now, region));
  return lines.join("\n");
}

// packages/action-kit/src/deployments.ts
var REQUEST_TIMEOUT_MS = 15e3;
var MAX_DESCRIPTION = 140;
function githubEnv(env = process.env) {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const ref = env.GITHUB_SHA || env.GITHUB_REF;
  if (!owner || !repo || rest.length > 0 || !ref) return void 0;
  const server = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  return {
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    owner,
    repo,
    ref,
    runUrl: env.GITHUB_RUN_ID ? `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : void 0
  };
}
function isProductionCluster(cluster) {
  try {
    return /^prod(uction)?$/i.test(parseClusterName(cluster).stack);
  } catch {
    return false;
  }
}
function clip(text) {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}
function toDeployment(value) {
  if (typeof value !== "object" || value === null) return void 0;
  const raw = value;
  if (typeof raw.id !== "number") return void 0;
  let payload = raw.payload;
  if (typeof payload === "string") {
    try {
      payload = JSON.parse(payload);
    } catch {
      payload = {};
    }
  }
  return {
    id: raw.id,
    sha: typeof raw.sha === "string" ? raw.sha : "",
    environment: typeof raw.environment === "string" ? raw.environment : "",
    payload: typeof payload === "object" && payload !== null ? payload : {}
  };
}
var GitHubDeployments = class {
  constructor(token, env, logger) {
    this.env = env;
    this.logger = logger;
    this.octokit = Promise.resolve().then(() => __toESM(require("./actions-github.js"))).then(
      ({ getOctokit }) => getOctokit(token, { baseUrl: env.apiUrl, userAgent: "immutable-actions" })
    );
  }
  env;
  logger;
  octokit;
  async call(route, params = {}) {
    try {
      const octokit = await this.octokit;
      const response = await octokit.request(route, {
        owner: this.env.owner,
        repo: this.env.repo,
        headers: { "x-github-api-version": "2022-11-28" },
        request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
        ...params
      });
      return response.data;
    } catch (error2) {
      this.logger.warn(
        `GitHub deployments: ${route.replace("/repos/{owner}/{repo}", "")} failed (${describeError(error2)}); going on without it`
      );
      return void 0;
    }
  }
  async create(request) {
    const answer = await this.call("POST /repos/{owner}/{repo}/deployments", {
      ref: request.ref ?? this.env.ref,
      task: "deploy",
      environment: request.environment,
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: isProductionCluster(request.environment),
      payload: request.payload,
      description: clip(request.description)
    });
    const deployment = toDeployment(answer);
    if (answer !== void 0 && !deployment) {
      this.logger.warn("GitHub deployments: no deployment was created; going on without it");
    }
    if (deployment) this.logger.info(`GitHub deployment ${deployment.id} for ${request.environment}`);
    return deployment;
  }
  async setStatus(deployment, state, description) {
    await this.call("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
      deployment_id: deployment.id,
      state,
      description: clip(description),
      ...this.env.runUrl ? { log_url: this.env.runUrl } : {}
    });
  }
  /** The environment's deployments, newest first (one page of 100 is plenty for a cluster's groups). */
  async list(environment) {
    const answer = await this.call("GET /repos/{owner}/{repo}/deployments", { environment, per_page: 100 });
    return Array.isArray(answer) ? answer.flatMap((d) => toDeployment(d) ?? []) : void 0;
  }
};
function githubDeployments(token, logger, env = process.env) {
  if (!token) return void 0;
  const where = githubEnv(env);
  if (!where) {
    logger.warn(
      "GitHub deployments: GITHUB_REPOSITORY or GITHUB_SHA is not set, so no deployment is recorded"
    );
    return void 0;
  }
  return new GitHubDeployments(token, where, logger);
}
async function recordRollback(github, result2) {
  if (!github || result2.dryRun) return;
  const cluster = result2.plan.options.cluster;
  const ami = result2.plan.target?.amiId ?? result2.plan.redeployAmi ?? result2.redeploy?.plan.options.amiId;
  const listed = await github.list(cluster);
  const deployments = listed ?? [];
  const bad = result2.disabledGroup ? deployments.find((d) => d.payload.group === result2.disabledGroup) : void 0;
  if (bad) {
    await github.setStatus(bad, "inactive", `Rolled back to ${result2.servingGroup}`);
  } else if (result2.disabledGroup && listed) {
    github.logger.info(`GitHub deployments: none found for ${result2.disabledGroup} to mark inactive`);
  }
  const earlier = deployments.find((d) => d.payload.group === result2.servingGroup) ?? (ami ? deployments.find((d) => d.payload.ami === ami) : void 0);
  const restored = await github.create({
    environment: cluster,
    ...earlier?.sha ? { ref: earlier.sha } : {},
    payload: {
      cluster,
      ami: ami ?? "",
      group: result2.servingGroup,
      ...result2.disabledGroup ? { rollbackOf: result2.disabledGroup } : {}
    },
    description: `Rollback to ${result2.servingGroup}${result2.disabledGroup ? ` from ${result2.disabledGroup}` : ""}`
  });
  if (restored)
    await github.setStatus(
      restored,
      "success",
      `${result2.servingGroup} serves again${result2.disabledGroup ? `; ${result2.disabledGroup} disabled` : ""}`
    );
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
  const result2 = {};
  for (const key of Object.keys(names)) result2[key] = readInput(names[key]);
  return result2;
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
  const real = (path) => {
    try {
      return (0, import_node_fs.realpathSync)(path);
    } catch {
      return void 0;
    }
  };
  const target = real(filename) ?? filename;
  const targets = (0, import_node_path.basename)(target) === "main.js" ? [target, (0, import_node_path.join)((0, import_node_path.dirname)(target), "index.js")] : [target];
  return [argv1, `${argv1}.js`, (0, import_node_path.join)(argv1, "index.js")].some((candidate) => {
    const resolved = real(candidate);
    return resolved !== void 0 && targets.includes(resolved);
  });
}
function actionEntry(filename, run2) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (isMainScript(filename)) void run2();
}
var runUrl = () => runUrlFrom(process.env);
var runOwner = () => runOwnerFrom(process.env);
function crashHook() {
  const at = process.env.IMMUTABLE_FAULT_KILL_AT;
  if (!at) return void 0;
  return (step) => {
    if (step === at) process.kill(process.pid, "SIGKILL");
  };
}

// actions/rollback-asg/src/main.ts
async function run() {
  await runStep(async () => {
    const { githubToken, ...inputs } = readInputs(ROLLBACK_INPUTS);
    const options = parseRollbackOptions(inputs);
    const runtime = actionRuntime();
    const aws = createAwsClients({ region: options.region });
    try {
      const result2 = await rollback(
        { aws, runtime, signal: cancellationSignal(), owner: runOwner(), beforeStep: crashHook() },
        options
      );
      setOutputs({
        [ROLLBACK_OUTPUTS.asgName]: result2.servingGroup,
        [ROLLBACK_OUTPUTS.previousAsgName]: result2.disabledGroup ?? ""
      });
      await recordRollback(githubDeployments(githubToken, runtime.logger), result2);
      await writeSummary(rollbackSummary(result2, runtime.clock.now(), { runUrl: runUrl() }));
    } finally {
      aws.destroy();
    }
  });
}

// actions/rollback-asg/src/index.ts
actionEntry(__filename, run);
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  run
});
