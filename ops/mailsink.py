"""A local SMTP server for trials and the surge test: it accepts every message and
appends one line of JSON per recipient to a file (recipient, Message-ID, subject and the
links in the text), so a run can check that each email arrived exactly once, and follow
its links as the person would. Nothing leaves the machine.

    .venv/bin/python -m ops.mailsink --port 8025 --log instance/mailsink.log
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import threading

from aiosmtpd.controller import Controller

_LINK = re.compile(r"https?://\S+")


class Recorder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        text = message.get_body(preferencelist=("plain",))
        links = _LINK.findall(text.get_content()) if text is not None else []
        lines = [
            json.dumps(
                {
                    "to": recipient,
                    "message_id": message["Message-ID"],
                    "subject": message["Subject"],
                    "links": links,
                },
                ensure_ascii=False,
            )
            + "\n"
            for recipient in envelope.rcpt_tos
        ]
        with self.lock, open(self.path, "a", encoding="utf-8") as log:
            log.writelines(lines)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    controller = Controller(Recorder(args.log), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{args.port}, recording to {args.log}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
