"""A Streamlit session without a browser, for the load check's many sessions.

It speaks the page's websocket protocol (``/_stcore/stream``: a ``BackMsg`` up, ``ForwardMsg``
down, both Streamlit's own protobufs) and does what the page does when a user changes a
widget: it asks for a rerun with the widgets' values and reads the run's messages to its
``script_finished``, then fetches what the map would fetch: the incident layers the app
serves as a file (mapapp.assets.published_layers), once per new URL, as a browser's cache
would. It draws nothing, so a timed rerun is the server's work and the transfer, not a
browser's: twenty users have twenty machines to draw on, and twenty Chromium pages on the
server's own cores would time the drawing of all of them.
"""
from __future__ import annotations

import asyncio
import re
import time
import urllib.request
from dataclasses import dataclass

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

_EARLY_FOR_RERUN = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].enum_type \
    .values_by_name["FINISHED_EARLY_FOR_RERUN"].number
# What the map fetches after a rerun (relative to the component's page, under /app/static/).
_FETCHED = re.compile(r"static/(incidents/[0-9a-f]+\.json)")


@dataclass(frozen=True)
class Run:
    """One rerun as the session saw it: seconds from the request to the last message of the
    run and the fetches after it, the messages and bytes received (fetched included), and
    the texts (markdown bodies) it showed."""

    seconds: float
    messages: int
    bytes: int
    texts: tuple[str, ...]
    fetched: int = 0  # files fetched after the run


class Session:
    """One browser-less session of the app at ``url`` (``http://host:port``), opened on the
    page of ``query`` (a query string such as ``view=explore``)."""

    def __init__(self, url: str, query: str = "") -> None:
        self.http = url
        self.url = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.query = query
        self.seen: set[str] = set()  # files fetched already (a browser's cache)
        self.widgets: dict[str, tuple[str, str]] = {}  # label -> (element kind, widget id)
        self._ws = None

    async def __aenter__(self) -> Session:
        # No Origin header: the server's origin and XSRF checks are for browsers.
        self._ws = await websockets.connect(self.url, subprotocols=["streamlit"],
                                            max_size=None, open_timeout=120)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._ws.close()

    async def rerun(self, **text_inputs: str) -> Run:
        """Rerun the script with the text inputs named by label set to the values given (the
        first run, with none, opens the page). Raises KeyError for a label the page has not
        shown."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        for label, value in text_inputs.items():
            kind, wid = self.widgets[label]
            if kind != "text_input":
                raise KeyError(f"{label!r} is a {kind}, not a text input")
            msg.rerun_script.widget_states.widgets.append(WidgetState(id=wid, string_value=value))
        t0 = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        texts, wanted, n, size = [], [], 0, 0
        while True:
            data = await self._ws.recv()
            n, size = n + 1, size + len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._note(fwd.delta.new_element, texts, wanted)
            elif kind == "script_finished" and fwd.script_finished != _EARLY_FOR_RERUN:
                break
        fetched = 0
        for path in dict.fromkeys(wanted):
            if path not in self.seen:
                self.seen.add(path)
                got = await asyncio.get_running_loop().run_in_executor(None, self._get, path)
                fetched, size = fetched + 1, size + got
        return Run(time.perf_counter() - t0, n, size, tuple(texts), fetched)

    def _get(self, path: str) -> int:
        request = urllib.request.Request(f"{self.http}/app/static/{path}",
                                         headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return len(response.read())

    def _note(self, element, texts: list[str], wanted: list[str]) -> None:
        kind = element.WhichOneof("type")
        if kind == "markdown":
            texts.append(element.markdown.body)
        elif kind == "component_instance":
            wanted += _FETCHED.findall(element.component_instance.json_args)
        inner = getattr(element, kind)
        if getattr(inner, "id", "") and getattr(inner, "label", ""):
            self.widgets[inner.label] = (kind, inner.id)
