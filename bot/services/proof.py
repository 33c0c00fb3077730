"""A finished job's photos for the resident who asked (media15): when a party member closes
a case (办结) or a 帮办代办 volunteer finishes a 帮办 with photos, she gets the pictures
privately, right after the text telling her it is done — the photo is the proof she was
promised. Voice notes and videos stay a count in 「进度」; only photos are sent, at most
MAX_PHOTOS, once, at completion.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.community import Person
from bot.domain.evidence import Evidence, EvidenceKind
from bot.services.mailer import Mailer
from bot.services.outbox import picture_label

MAX_PHOTOS = 3


@dataclass(frozen=True)
class Finished:
    """A case (its id in `case_id`) or a 帮办 (`help_id`) a message just finished, and the
    people who asked for it (who get its photos)."""

    code: str
    finisher_id: int
    asked: tuple[int, ...]
    case_id: int | None = None
    help_id: int | None = None


def proof_photos(evidence: Iterable[Evidence], *, by: int) -> list[Evidence]:
    """The photos the finisher sent as 办理材料 (with his 进展 or his 办结), the newest
    MAX_PHOTOS, oldest first: what the resident sees as proof. Her own photos of the problem
    are not sent back to her."""
    photos = [e for e in evidence if e.kind is EvidenceKind.PHOTO and e.person_id == by and e.id]
    photos.sort(key=lambda e: (e.at, e.id or 0))
    return photos[-MAX_PHOTOS:]


def send_proof(mail: Mailer, finished: Finished) -> int:
    """Queue the finished job's photos privately to each person who asked (not to the
    finisher himself); how many messages were queued."""
    uow = mail.uow
    if finished.help_id is not None:
        evidence: Sequence[Evidence] = uow.evidence.for_help(finished.help_id)
    elif finished.case_id is not None:
        evidence = uow.evidence.for_case(finished.case_id)
    else:
        return 0
    photos = proof_photos(evidence, by=finished.finisher_id)
    if not photos:
        return 0
    asked = [pid for pid in dict.fromkeys(finished.asked) if pid != finished.finisher_id]
    people = uow.people.many(asked)
    queued = 0
    for person_id in asked:
        person: Person | None = people.get(person_id)
        if person is None:
            continue
        for n, photo in enumerate(photos, start=1):
            label = picture_label(finished.code, n, photo.mime)
            mail.send(label, person=person, evidence_id=photo.id)
            queued += 1
    return queued
