"""A kind declared once (shopdb_gql.plugins.Kind/Field) over real HTTP: every option of the
declaration does what PLUGIN-HOOKS.md says, hostile values get typed errors, nothing is
half-written. The kind is tests/plugins/declared, served alone in a fresh database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import harness

HERE = Path(__file__).resolve().parent
FIELDS = ("id name kind serialNumber code grade weightKg pieces fragile receivedOn checkedAt "
          "colour codeLength")
CREATE = f"""mutation($input: SpecimenInput!) {{
  createSpecimen(input: $input) {{ specimen {{ {FIELDS} }} errors {{ field message code }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: SpecimenUpdateInput!) {{
  updateSpecimen(id: $id, input: $input) {{ specimen {{ {FIELDS} }} errors {{ field message code }} }} }}"""
LIST = """query($f: SpecimenFilter, $o: [SpecimenOrder!]) {
  specimens(filter: $f, orderBy: $o, first: 100) { totalCount nodes { id code pieces } } }"""
COUNT = "query { specimens(first: 0) { totalCount } }"


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[harness.Client]:
    with harness.serve_plugin(HERE / "declared", tmp_path_factory.mktemp("declared"), demo=False) as clients:
        yield clients["editor"]


def code() -> str:
    return f"c-{uuid.uuid4().hex[:8]}"


def create(client: harness.Client, **values: Any) -> dict[str, Any]:
    payload: dict[str, Any] = client.data(CREATE, {"input": {"code": code(), **values}})["createSpecimen"]
    assert payload["errors"] == [], payload
    made: dict[str, Any] = payload["specimen"]
    return made


def refused(client: harness.Client, values: dict[str, Any], id: str | None = None) -> list[tuple[str, str]]:
    before = client.data(COUNT)["specimens"]["totalCount"]
    if id is None:
        payload = client.data(CREATE, {"input": {"code": code(), **values}})["createSpecimen"]
        assert payload["specimen"] is None
        assert client.data(COUNT)["specimens"]["totalCount"] == before, "nothing half-written"
    else:
        payload = client.data(UPDATE, {"id": id, "input": values})["updateSpecimen"]
    return [(e["code"], e["field"][-1]) for e in payload["errors"]]


def test_create_applies_defaults_clean_and_derived_values(editor: harness.Client) -> None:
    made = create(editor, code="ab-12", weightKg=2.5, pieces=3, receivedOn="2026-01-02",
                  checkedAt="2026-01-02T08:00:00+01:00", colour="red")
    assert (made["code"], made["name"], made["grade"], made["codeLength"]) == ("AB-12", "AB-12", "B", 5)
    assert (made["receivedOn"], made["checkedAt"]) == ("2026-01-02", "2026-01-02T07:00:00+00:00")
    assert made["kind"] == "specimen" and made["fragile"] is None


@pytest.mark.parametrize(("values", "expected"), [
    ({"code": " "}, ("REQUIRED", "code")),
    ({"code": "x" * 21}, ("INVALID", "code")),
    ({"code": "no spaces!"}, ("INVALID", "code")),
    ({"weightKg": -0.5}, ("INVALID", "weightKg")),
    ({"weightKg": 1000.01}, ("INVALID", "weightKg")),
    ({"pieces": 0}, ("INVALID", "pieces")),
    ({"colour": "purple"}, ("INVALID", "colour")),
    ({"checkedAt": "2026-01-02T08:00:00"}, None),  # no zone: refused by the DateTime scalar
    ({"fragile": True, "pieces": 12}, ("INVALID", "pieces")),  # before_write's rule
])
def test_hostile_values_are_typed_errors_and_write_nothing(
    editor: harness.Client, values: dict[str, Any], expected: tuple[str, str] | None
) -> None:
    if expected is None:
        body = editor.execute(CREATE, {"input": {"code": code(), **values}})
        assert harness.error_codes(body) == ["BAD_USER_INPUT"]
        return
    assert refused(editor, values) == [expected]


def test_a_create_with_nothing_but_the_required_is_named_by_its_tag(editor: harness.Client) -> None:
    made = editor.data("""mutation { createSpecimen(input: {code: "bare-1"}) {
        specimen { name code } errors { code } } }""")["createSpecimen"]
    assert made == {"specimen": {"name": "BARE-1", "code": "BARE-1"}, "errors": []}


def test_unique_and_required_on_update(editor: harness.Client) -> None:
    first, second = create(editor), create(editor)
    assert refused(editor, {"code": first["code"].lower()}, second["id"]) == [("CONFLICT", "code")]
    assert refused(editor, {"code": None}, second["id"]) == [("REQUIRED", "code")]
    assert refused(editor, {"grade": None}, second["id"]) == [("REQUIRED", "grade")]  # has a default
    kept = editor.data(UPDATE, {"id": second["id"], "input": {"pieces": 4}})["updateSpecimen"]
    assert kept["errors"] == [] and kept["specimen"]["code"] == second["code"]
    cleared = editor.data(UPDATE, {"id": second["id"], "input": {"pieces": None}})["updateSpecimen"]
    assert cleared["specimen"]["pieces"] is None
    other = editor.data("query($id: ID!) { specimen(id: $id) { id } }", {"id": "987654321"})
    assert other["specimen"] is None
    missing = editor.data(UPDATE, {"id": "987654321", "input": {"pieces": 1}})["updateSpecimen"]
    assert [e["code"] for e in missing["errors"]] == ["NOT_FOUND"]


def test_filters_sorts_conditions_and_extra_filters(editor: harness.Client) -> None:
    tag = uuid.uuid4().hex[:6]
    light = create(editor, code=f"l-{tag}", pieces=2, weightKg=1, grade="A", fragile=True)
    heavy = create(editor, code=f"h-{tag}", pieces=9, weightKg=700, grade="C")
    def ids(flt: dict[str, Any], order: list[dict[str, str]] | None = None) -> list[str]:
        return [n["id"] for n in editor.data(LIST, {"f": {"text": tag, **flt}, "o": order})
                ["specimens"]["nodes"]]
    assert set(ids({})) == {light["id"], heavy["id"]}
    assert ids({"grades": ["C"]}) == [heavy["id"]]
    assert ids({"code": light["code"].lower()}) == [light["id"]]
    assert ids({"fragile": True}) == [light["id"]]
    assert ids({"conditions": ["heavy"]}) == [heavy["id"]]
    assert ids({"minPieces": 5}) == [heavy["id"]]
    assert ids({}, [{"field": "PIECES", "direction": "DESC"}]) == [heavy["id"], light["id"]]
    assert ids({}, [{"field": "GRADE"}]) == [light["id"], heavy["id"]]
    everywhere = editor.data("query($t: String!) { assets(filter: {text: $t}) { totalCount } }",
                             {"t": f"h-{tag}"})
    assert everywhere["assets"]["totalCount"] == 1  # search=True reaches core's text filter too
    unknown = editor.execute(LIST, {"f": {"conditions": ["nope"]}})
    assert harness.error_codes(unknown) == ["BAD_USER_INPUT"]


def test_hand_edits_lock_fields_but_the_unlockable(editor: harness.Client) -> None:
    made = create(editor)
    changed = editor.data(UPDATE, {"id": made["id"], "input": {
        "pieces": 7, "checkedAt": "2026-03-01T10:00:00+00:00"}})["updateSpecimen"]
    assert changed["errors"] == []
    locks = editor.data("query($id: ID!) { asset(id: $id) { lockedFields { field } } }",
                        {"id": made["id"]})["asset"]["lockedFields"]
    assert [lock["field"] for lock in locks] == ["pieces"]  # checked_at is lockable=False


def test_the_declaration_drives_labels_ingest_and_audit(editor: harness.Client) -> None:
    labels = editor.data("{ labels { fields { typeName field label } } }")["labels"]["fields"]
    found = {(f["typeName"], f["field"]): f["label"] for f in labels}
    assert found[("Specimen", "weightKg")] == "Weight (kg)"
    made = create(editor, pieces=2)
    editor.data(UPDATE, {"id": made["id"], "input": {"pieces": 5}})
    history = editor.data("""query($id: String!) { auditLog(filter: {objectType: "asset", objectId: $id}) {
        nodes { action changes { field old new } } } }""", {"id": made["id"]})["auditLog"]["nodes"]
    assert [e["action"] for e in history] == ["update", "create"]
    assert {"field": "pieces", "old": 2, "new": 5} in history[0]["changes"]
    ingest = editor.data('{ __type(name: "SpecimenRecord") { inputFields { name } } }')
    assert {f["name"] for f in ingest["__type"]["inputFields"]} >= {"code", "grade", "weightKg"}
