"""Email sent after the response, so that how long a page takes does not hang on the mail server."""

import logging
import queue
import threading
import time
from collections.abc import Sequence
from functools import partial

from django.core.mail import EmailMessage, mailers
from django.http import HttpResponseBase

logger = logging.getLogger(__name__)

# Tests turn this off (tests/conftest.py): the test client closes the response before it returns,
# so sending right there lets a test count mail.outbox without waiting for a thread.
in_background = True

# One worker sends, in order, from a bounded queue: a flood of reset requests against a
# mail server that does not answer queues at most this many messages instead of
# starting a thread each; beyond it, messages are dropped and the drop is logged.
QUEUE_SIZE = 200
_queue: queue.Queue[list[EmailMessage]] = queue.Queue(maxsize=QUEUE_SIZE)
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()


def send_after_response(response: HttpResponseBase, messages: Sequence[EmailMessage]):
    """Send the messages once the server has closed the response, from a worker thread.

    Neither the person waiting for the page nor the web worker waits for the mail server,
    and a failure is logged, never shown. Mail still queued when the process stops is lost.
    """
    # The same closers FileResponse uses: the WSGI and ASGI handlers call close() after
    # the body has gone out, and so does the test client before it returns.
    response._resource_closers.append(partial(_start_sending, list(messages)))
    return response


def wait_for_mail_sent(timeout: float | None = None) -> None:
    """Wait until the queued messages are sent, so that none leaks into the next test."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while _queue.unfinished_tasks:
        if deadline is not None and time.monotonic() > deadline:
            return
        time.sleep(0.01)


def _start_sending(messages: list[EmailMessage]) -> None:
    if not messages:
        return
    if not in_background:
        _send(messages)
        return
    _ensure_worker()
    try:
        _queue.put_nowait(messages)
    except queue.Full:
        logger.error("Mail queue full: %d email message(s) dropped", len(messages))


def _ensure_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="mail", daemon=True)
            _worker.start()


def _work() -> None:
    while True:
        messages = _queue.get()
        try:
            _send(messages)
        finally:
            _queue.task_done()


def _send(messages: list[EmailMessage]) -> None:
    try:
        mailers.default.send_messages(messages)
    except Exception:
        # No address in the log: the log is read by more people than the user table.
        logger.exception("Sending %d email message(s) after the response failed", len(messages))
