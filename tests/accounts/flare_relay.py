"""A test-only memcached-protocol relay that behaves like a Flare proxy in front of two nodes.

It reproduces what a real Flare 1.3.4 cluster did under a session store (measured on
loopback; the figures are in the project's notes on Flare, summarised in README.md):

- writes go to the master and reach the slave asynchronously, ``lag`` seconds later;
- reads go to the slave with probability ``slave_reads`` (Flare's balance), so they
  can return old copies while nothing failed;
- a failover (``fail_over``) holds every request for ``hold`` seconds, then answers
  ``SERVER_ERROR proxy error`` to writes and a plain miss to reads, and promotes the
  slave: writes still waiting for replication never reach it, so it keeps the old
  copies and misses the deletes made during the outage;
- a negative expiry answers ``ERROR``, and the value line is then read as a command.

Two real memcached processes hold the data; the relay only forwards, in a thread of
its own running an asyncio loop.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time

STORAGE = {b"set", b"add", b"replace", b"append", b"prepend", b"cas"}


class FlareRelay:
    """A Flare-like proxy on 127.0.0.1 (a free port) in front of a master and a slave."""

    def __init__(self, master_port: int, slave_port: int, *, lag=0.05, slave_reads=0.0, hold=4.5):
        self.master = master_port
        self.slave: int | None = slave_port
        self.lag = lag
        self.slave_reads = slave_reads
        self.hold = hold
        self.port = 0
        self.promoted_at: float | None = None
        self._hold_until = 0.0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._replication: asyncio.Queue | None = None
        self._generation = 0  # bumped at promotion: queued replication is dropped

    # --- control, from the test's thread --------------------------------------------

    def start(self) -> int:
        self._thread.start()
        return asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(5)

    def stop(self) -> None:
        async def close():
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def fail_over(self) -> float:
        """Start a failover now (the caller kills the master); returns when it will end."""
        now = time.monotonic()
        self._hold_until = now + self.hold
        self._loop.call_soon_threadsafe(self._loop.call_later, self.hold, self._promote)
        return self._hold_until

    # --- inside the loop ----------------------------------------------------------------

    async def _start(self) -> int:
        self._replication = asyncio.Queue()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self._loop.create_task(self._replicate())
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    def _promote(self) -> None:
        self.master, self.slave = self.slave, None
        self._generation += 1
        self.promoted_at = time.monotonic()

    async def _held(self) -> bool:
        """Wait out a failover in progress; True if this request came during one."""
        wait = self._hold_until - time.monotonic()
        if wait <= 0:
            return False
        await asyncio.sleep(wait)
        return True

    async def _serve(self, reader, writer):
        nodes: dict[int, tuple] = {}
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                answer = await self._command(line, reader, nodes)
                if answer:
                    writer.write(answer)
                    await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            for _, node_writer in nodes.values():
                node_writer.close()

    async def _node(self, nodes, port):
        if port not in nodes:
            nodes[port] = await asyncio.open_connection("127.0.0.1", port)
        return nodes[port]

    async def _command(self, line: bytes, reader, nodes) -> bytes:
        parts = line.split()
        if not parts:
            return b"ERROR\r\n"
        name = parts[0].lower()
        if name in (b"get", b"gets"):
            if await self._held():
                return b"END\r\n"
            read_slave = self.slave is not None and random.random() < self.slave_reads
            port = self.slave if read_slave else self.master
            return await self._forward(nodes, port, line, b"", reads=True)
        if name in STORAGE:
            if len(parts) < 5 or int(parts[3]) < 0:
                # Flare's answer; the value line that follows is read as a command.
                return b"ERROR\r\n"
            data = await reader.readexactly(int(parts[4]) + 2)
            return await self._write(nodes, line, data, parts)
        if name in (b"delete", b"touch", b"incr", b"decr"):
            return await self._write(nodes, line, b"", parts)
        if name == b"version":
            return b"VERSION 1.3.4-relay\r\n"
        return b"ERROR\r\n"

    async def _write(self, nodes, line, data, parts) -> bytes:
        if await self._held():
            return b"SERVER_ERROR proxy error\r\n"
        noreply = parts[-1] == b"noreply"
        if noreply:
            line = b" ".join(parts[:-1]) + b"\r\n"
        answer = await self._forward(nodes, self.master, line, data, reads=False)
        if self.slave is not None and not answer.startswith((b"SERVER_ERROR", b"ERROR")):
            due = time.monotonic() + self.lag
            self._replication.put_nowait((due, self._generation, line + data))
        return b"" if noreply else answer

    async def _forward(self, nodes, port, line, data, *, reads) -> bytes:
        try:
            node_reader, node_writer = await self._node(nodes, port)
            node_writer.write(line + data)
            await node_writer.drain()
            if not reads:
                return await node_reader.readline()
            out = b""
            while True:
                head = await node_reader.readline()
                if not head:
                    raise ConnectionError("node closed")
                out += head
                if head == b"END\r\n" or head.startswith((b"SERVER_ERROR", b"ERROR")):
                    return out
                out += await node_reader.readexactly(int(head.split()[3]) + 2)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            nodes.pop(port, None)
            return b"SERVER_ERROR proxy error\r\n"

    async def _replicate(self):
        connection = None
        while True:
            due, generation, payload = await self._replication.get()
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            if generation != self._generation or self.slave is None:
                continue  # the slave was promoted before this write reached it
            try:
                if connection is None:
                    connection = await asyncio.open_connection("127.0.0.1", self.slave)
                connection[1].write(payload)
                await connection[1].drain()
                await connection[0].readline()
            except OSError:
                connection = None
