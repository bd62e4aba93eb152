"""Database work as thread workers that post typed messages (Harlequin's style).

A screen's (or the app's, or a widget's) method decorated with :func:`db_work` runs in a thread
worker with its own connection and returns a :class:`~textual.message.Message` (or
``None``); the message is posted to the screen (or the app), whose ``on_…`` handler
acts on it on the event loop. No callback is handed over: the message says what
happened, and the handler is an ordinary method. Every piece of netui's database
work on the event loop's behalf goes this way (``run_db``, which called back, is gone):

- a failure becomes one notification (an unexpected one is logged with its
  traceback, and the notification says where); no message is posted;
- ``exclusive``: a newer call cancels the older worker of its group, whose message
  is dropped (even one posted already, still waiting in the queue), and the keys
  its hold kept waiting go on (unless the newer call holds them:
  :meth:`~netui.database_work.DatabaseWork.supersede_holds`);
- ``hold_keys``: the keys typed meanwhile wait until the message has been handled
  (it opens a form, say, that they belong in);
- ``carries``: a hold taken before the call (keys waiting for a field to get the
  focus), asked of ``carries(owner, *args)`` when the method is called: released if
  the work fails or is superseded, otherwise left to the message's handler;
- the method's writes may be one undo step: ``with self.undo_step("add Dana"):``
  inside it (:meth:`netui.screens.base.NetuiScreen.undo_step`).

A dialog's answer goes to a method (``functools.partial`` for what it needs), and
saving an edit form, with its conflict dialog, is :func:`netui.screens.saving.save_edit`:
no worker waits while a dialog is open.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar, cast

from textual.message import Message
from textual.worker import Worker, get_current_worker

from netui import heap
from netui.database_work import DatabaseWork, on_this_thread, report_failure
from netui.key_gate import KeyHold

if TYPE_CHECKING:
    from textual.widget import Widget

P = ParamSpec("P")
#: What a db_work method belongs to: a screen, or the app itself (its undo, say).
S = TypeVar("S", bound="Widget | DatabaseWork")

Method = Callable[Concatenate[S, P], Message | None]
Starter = Callable[Concatenate[S, P], Worker[None]]


#: The message each owner's exclusive groups posted last, in case a newer call comes
#: before it was handled: the newer call drops it (see :func:`_drop_posted`).
_posted: weakref.WeakKeyDictionary[object, dict[str, Message]] = weakref.WeakKeyDictionary()


def _drop_posted(owner: object, group: str) -> None:
    """A newer call of ``group`` supersedes the older one: should the older one's
    message be posted and still waiting in the queue, it is not handled."""
    stale = _posted.get(owner, {}).pop(group, None)
    if stale is not None:
        # Textual's own switch, asked when the message comes out of the queue
        # (MessagePump._dispatch_message); a class variable set on this instance only.
        stale.no_dispatch = True  # type: ignore[misc]


def hold_among_arguments(_owner: object, *args: object, **kwargs: object) -> KeyHold | None:
    """For ``carries``: the :class:`KeyHold` the method was given, if any."""
    return next((a for a in (*args, *kwargs.values()) if isinstance(a, KeyHold)), None)


def db_work(
    *,
    group: str,
    exclusive: bool = False,
    hold_keys: bool = False,
    connect: bool = True,
    description: str = "",
    carries: Callable[..., KeyHold | None] | None = None,
    reads_everyone: bool = False,
) -> Callable[[Method[S, P]], Starter[S, P]]:
    """Make a screen's method run in a thread worker and post the message it returns.

    Calling the method (on the event loop) starts the worker and returns it.
    ``connect=False`` skips opening a connection for work that may not need one.
    ``reads_everyone``: the work reads the whole network, on a connection with a
    small page cache; the memory it freed is handed back to the system once it is
    done (:func:`netui.heap.give_back_freed`).
    """

    def decorate(method: Method[S, P]) -> Starter[S, P]:
        what = description or method.__name__.strip("_").replace("_", " ")

        @functools.wraps(method)
        def start(screen: S, *args: P.args, **kwargs: P.kwargs) -> Worker[None]:
            # Any widget's app is netui's (a DatabaseWork); Textual types it App[Any].
            app = screen if isinstance(screen, DatabaseWork) else cast(DatabaseWork, screen.app)
            hold = app.hold_keys(description or "a database read") if hold_keys else None
            carried = carries(screen, *args, **kwargs) if carries is not None else None

            def run() -> None:
                try:
                    work()
                finally:  # once the message was handled (call_from_thread waits)
                    if reads_everyone:
                        heap.give_back_freed()

            def work() -> None:
                worker = get_current_worker()
                try:
                    message = on_this_thread(
                        lambda: method(screen, *args, **kwargs),
                        connect=connect,
                        scan=reads_everyone,
                    )
                except Exception as error:  # every failure becomes a notification
                    if not worker.is_cancelled:
                        app.call_from_thread(
                            app.say, report_failure(error, what, app.log_file), "error"
                        )
                    for held in (hold, carried):  # no message to wait for
                        app.release_keys(held)
                    return
                if not worker.is_cancelled:
                    app.call_from_thread(deliver, worker, message)

            def deliver(worker: Worker[None], message: Message | None) -> None:
                # Asked again on the event loop, where workers are cancelled: a newer
                # call may have superseded this one while its message was on its way.
                if worker.is_cancelled:
                    return
                if message is not None:
                    if exclusive:
                        _posted.setdefault(screen, {})[group] = message
                    screen.post_message(message)
                if hold is not None:
                    # Queued behind the message: the keys go on once it was handled.
                    screen.call_later(app.release_keys, hold)

            if exclusive:
                _drop_posted(screen, group)
                app.supersede_holds(group, hold or carried)
            worker = screen.run_worker(
                run,
                group=group,
                exclusive=exclusive,
                thread=True,
                description=what,
                exit_on_error=False,
            )
            held = hold or carried  # (one or the other: a worker carries one hold)
            if held is not None:  # released at once should the work fail or be cancelled
                app.release_when_ended(worker, held, always=False)
            return worker

        return start

    return decorate
