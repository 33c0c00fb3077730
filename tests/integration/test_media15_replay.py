"""A finished job's photos reach the resident who asked (media15, tests/scenarios/media15):
through `linli replay` (the public contract), a photo is a line with "type": "image" whose
text is "[图片] <file name>", sent privately right after the text that says it is done."""

from __future__ import annotations

from tests.integration.test_replay_cli import SCENARIOS, lines, replay

FOLDER = SCENARIOS / "media15"


def test_the_resident_gets_the_volunteers_photos_after_the_helpdesk_is_done() -> None:
    out = lines(replay(FOLDER / "helpdesk_proof_photo.jsonl"))
    hers = [o for o in out if o["to"] == "张阿姨" and o["group"] is None]
    done = next(i for i, o in enumerate(hers) if "已办好" in str(o["text"]))
    photos = hers[done + 1 : done + 3]
    assert [o["text"] for o in photos] == ["[图片] H0001-1.jpg", "[图片] H0001-2.jpg"]
    assert all(o["type"] == "image" and o["at"] == hers[done]["at"] for o in photos)
    # Only those two: then her rating's answer, as a text (no "type" field on text lines).
    assert "type" not in hers[done + 3] and "满意" in str(hers[done + 3]["text"])
    # The volunteer is not sent his own photos back.
    assert not any(o.get("type") for o in out if o["to"] == "孙志明")
    # Every text line keeps exactly the fields it always had.
    texts = [o for o in out if "type" not in o]
    assert texts and all(set(o) == {"at", "group", "to", "text", "mentions"} for o in texts)


def test_the_reporter_gets_the_members_photo_after_the_case_is_closed() -> None:
    out = lines(replay(FOLDER / "case_proof_photo.jsonl"))
    closed = next(i for i, o in enumerate(out) if "已办结" in str(o["text"]))
    assert out[closed]["group"] == "兰亭3号楼邻里群" and out[closed]["mentions"] == ["张阿姨"]
    photos = [o for o in out if o.get("type") == "image"]
    assert [(o["to"], o["group"], o["text"]) for o in photos] == [
        ("张阿姨", None, "[图片] E0001-1.jpg")
    ]
    assert out.index(photos[0]) > closed  # after the text that says it is done
