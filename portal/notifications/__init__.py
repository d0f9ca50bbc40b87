"""Telling a person that an answer arrived, on the channel they chose.

Answers always appear in "My submissions". When the person chose e-mail or the
official e-address, `queue.enqueue_answer_notification` writes a row in the
answer's own transaction, and `sender.send_pending_notifications` (called
periodically by `portal worker`) sends it, retrying while the channel fails.
"""
