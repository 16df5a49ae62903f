"""A real SMTP server in a process of its own, for the fault tests to stop, hang and start
again: ``python -m tests.faults.smtp_sink PORT DIRECTORY`` writes each message it accepts to
DIRECTORY as a file, so a test counts deliveries after the server has gone."""

import signal
import sys
import threading
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class FileInbox:
    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        name = self.directory / f"{uuid.uuid4().hex}.eml"
        partial = name.with_suffix(".part")
        partial.write_bytes(envelope.content)
        partial.rename(name)  # a reader never sees half a message
        return "250 OK"


def main() -> None:
    port, directory = int(sys.argv[1]), Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    controller = Controller(FileInbox(directory), hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
