"""moto_server, with what it works out again for every request made once, and keep-alive.

For each request moto's dispatcher lists its own package folder (170-odd stat calls, to ask whether the
Host header names a service) and runs inspect.getmembers over the service's response class, and its
serializer works out, for every field of every answer, which attribute names to try. None of these
changes while the server runs. Made once, the first two cut moto's CPU per red/black deploy from 0.18 to
0.12 s, the field names 15% more off a deploy's describe calls; every answer is unchanged.

Werkzeug closes every connection; here clients keep theirs (KeepAliveHandler): two deploy test files took
12-20% less CPU, moto's and their clients' together. It logs no line per request, memoizes xmltodict's
check of each element name and draws EC2's random ids with one call each: about 10% less of moto's CPU
per deploy (1.89 -> 1.70 s over 10 bench rounds, two runs each). Exits 3 when python3 has no moto, so that moto.ts
falls back to moto_server from PATH.
"""

import functools
import io
import selectors
import sys
import threading
import types

try:
    import moto.backends as backends
    import moto.core.responses as responses
    import moto.core.serialize as serialize
    import moto.server as server
    import werkzeug.serving as serving
except ImportError as error:
    print(f"moto is not importable by {sys.executable}: {error}", file=sys.stderr)
    sys.exit(3)

if callable(getattr(backends, "list_of_moto_modules", None)):
    _modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: _modules

if callable(getattr(responses, "method_names_from_class", None)):
    responses.method_names_from_class = functools.lru_cache(maxsize=None)(
        responses.method_names_from_class
    )

_picker = getattr(serialize, "XFormedAttributePicker", None)
if callable(getattr(_picker, "get_possible_keys", None)):
    # The names moto tries for a field of an answer, made again for every field of every answer. They
    # depend only on the picker, the object's class, the field and its shape: here they are made once each.
    _possible_keys = _picker.get_possible_keys
    _keys = {}

    def _cached_possible_keys(self, context):
        shape = context.shape
        key = (
            type(self),
            tuple(self.alias_providers),
            type(context.obj),
            context.key,
            shape,
            getattr(shape, "parent", None),
        )
        keys = _keys.get(key)
        if keys is None:
            keys = _keys[key] = tuple(_possible_keys(self, context))
        return keys

    _picker.get_possible_keys = _cached_possible_keys

try:
    import xmltodict
except ImportError:
    xmltodict = None
if callable(getattr(xmltodict, "_validate_name", None)):
    # Every element name of every answer is checked again (seven scans of the name); a name that passed
    # once passes again. Names that fail still go to xmltodict's own check, which raises.
    _validate_name = xmltodict._validate_name
    _valid_names = set()

    def _validate_name_once(value, kind):
        if (value, kind) in _valid_names:
            return
        _validate_name(value, kind)
        if isinstance(value, str):
            _valid_names.add((value, kind))

    xmltodict._validate_name = _validate_name_once

try:
    import moto.ec2.utils as ec2_utils
except ImportError:
    ec2_utils = None
if callable(getattr(ec2_utils, "random_resource_id", None)) and hasattr(ec2_utils, "HEX_CHARS"):
    # Every EC2 id (the default VPC's subnets, routes and groups at each reset, each AMI's snapshot): one
    # random.choice per character. random.choices draws the same characters at once.
    _hex = ec2_utils.HEX_CHARS

    def _random_resource_id(size=8):
        return "".join(ec2_utils.random.choices(_hex, k=size))

    ec2_utils.random_resource_id = _random_resource_id

_request = threading.local()


class KeepAliveHandler(serving.WSGIRequestHandler):
    """Werkzeug's handler, with HTTP/1.1 keep-alive.

    Werkzeug closes every connection: after each answer it drains what the client sent beyond the body the
    app read, which on a kept-alive connection would swallow the next request. Here the body is read whole
    before the app runs, so nothing is left to drain, and clients reuse their connection instead of paying a
    TCP connect, an accept and a thread per request. TCP_NODELAY: on a kept-alive connection the body, written
    after the headers, would otherwise wait for the client's delayed ACK (~40 ms).
    """

    disable_nagle_algorithm = True

    def log_request(self, code="-", size="-"):
        # One line per request to a stderr moto.ts stops reading once moto answers: each write then fails,
        # and logging prints its traceback. Errors are still logged (log_error).
        pass

    def make_environ(self):
        environ = super().make_environ()
        _request.body_read = not environ.get("wsgi.input_terminated")
        if _request.body_read:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            environ["wsgi.input"] = io.BytesIO(self.rfile.read(length) if length > 0 else b"")
        else:
            self.close_connection = True  # a chunked body: only the app finds its end, so drain and close
        return environ

    def send_header(self, keyword, value):
        if keyword.lower() == "connection" and value.lower() == "close" and not self.close_connection:
            return
        super().send_header(keyword, value)


class _NothingToDrain:
    def register(self, *_args):
        pass

    def select(self, timeout=None):
        return []

    def close(self):
        pass


def _drain_selector():
    return _NothingToDrain() if getattr(_request, "body_read", False) else selectors.DefaultSelector()


serving.selectors = types.SimpleNamespace(DefaultSelector=_drain_selector, EVENT_READ=selectors.EVENT_READ)
_run_simple = server.run_simple
server.run_simple = lambda *args, **kwargs: _run_simple(*args, request_handler=KeepAliveHandler, **kwargs)

server.main(sys.argv[1:])
