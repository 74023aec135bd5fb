"""`salessheet serve`: the ASGI app through its HTTP endpoints, uvicorn on a free 127.0.0.1 port."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from salessheet.addin import formulas, server
from salessheet.cli import run
from salessheet.compute.pipeline import weighted_pipeline
from salessheet.compute.targets import allocate
from salessheet.schema import WorkbookConfig

from .office import book_payload, function_payload
from .test_formulas import TODAY, deals_frame, pipeline_range, serial
from .test_macros import LEADS, workbook


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with server.running("127.0.0.1") as url:
        yield url


def get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["content-type"], response.read().decode()


def post(url: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_bound_to_loopback_and_healthy(base_url):
    assert base_url.startswith("http://127.0.0.1:")
    status, _, text = get(base_url + "/health")
    assert status == 200 and json.loads(text)["status"] == "ok"


def test_functions_meta(base_url):
    status, kind, text = get(base_url + "/xlwings/custom-functions-meta")
    assert status == 200 and kind.startswith("application/json")
    names = {f["name"] for f in json.loads(text)["functions"]}
    assert names == {f.__name__ for f in formulas.FORMULAS}


def test_functions_code_associates_every_function_with_the_call_endpoint(base_url):
    status, kind, js = get(base_url + "/xlwings/custom-functions-code")
    assert status == 200 and kind.startswith("text/javascript")
    assert f'"{base_url}/xlwings/custom-functions-call"' in js
    for f in formulas.FORMULAS:
        assert f'CustomFunctions.associate("{f.__name__}"' in js


def test_function_call_over_http_matches_compute(base_url):
    status, body = post(base_url + server.CALL_PATH, function_payload("SALES_ALLOCATE", 100, [[1], [2]]))
    assert status == 200
    assert body["result"] == [[float(p)] for p in allocate(100, [1, 2])]
    status, body = post(base_url + server.CALL_PATH,
                        function_payload("SALES_PIPELINE", pipeline_range(), serial(TODAY), None))
    assert body["result"] == [[weighted_pipeline(deals_frame(), WorkbookConfig(), TODAY)]]


def test_function_errors_are_400_with_a_message(base_url):
    status, body = post(base_url + server.CALL_PATH, function_payload("SALES_PIPELINE", [[1, 2]], None, None))
    assert status == 400 and "header row" in body["detail"]
    status, body = post(base_url + server.CALL_PATH, function_payload("os_system", "rm"))
    assert status == 404


def test_scripts_meta_and_call(base_url):
    status, _, text = get(base_url + "/xlwings/custom-scripts-meta")
    assert status == 200
    assert "Assign leads" in {m["name"] for m in json.loads(text)}
    payload = {**workbook(Unassigned_Leads=LEADS), "args": ["round_robin"]}
    status, body = post(base_url + server.SCRIPTS_PATH + "assign_leads_macro", payload)
    assert status == 200
    [write] = [a for a in body["actions"] if a["func"] == "setValues"]
    assert [r[0] for r in write["values"]] == ["ann", "cy", "ann", "cy"]


def test_script_errors_and_unknown_scripts(base_url):
    status, body = post(base_url + server.SCRIPTS_PATH + "assign_leads_macro", workbook())
    assert status == 400 and "Unassigned Leads" in body["detail"]
    status, _ = post(base_url + server.SCRIPTS_PATH + "nope", book_payload({"A": [[1]]}))
    assert status == 404


def test_taskpane_has_a_button_per_macro(base_url):
    status, kind, page = get(base_url + "/taskpane.html")
    assert status == 200 and kind.startswith("text/html")
    for title in ("Validate this workbook", "Refresh my numbers", "Decompose targets", "Assign leads"):
        assert f">{title}</button>" in page
    assert f'"{base_url}/xlwings/custom-scripts-call/"' in page
    assert 'name="method" value="round_robin"' in page


def test_serve_command_is_registered():
    assert run(["serve", "--help"]) == 0


def test_cli_import_stays_light():
    code = ("import sys, salessheet.cli; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'xlwings') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


def test_salessheet_serve_command_serves_on_loopback_and_stops():
    port = server.free_port()
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"}
    process = subprocess.Popen([sys.executable, "-m", "salessheet", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, text = get(f"http://127.0.0.1:{port}/health")
                break
            except OSError:
                assert process.poll() is None, process.communicate()[1].decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert status == 200 and json.loads(text)["status"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_without_a_license_key_says_how_to_get_one():
    env = {k: v for k, v in os.environ.items() if k not in ("XLWINGS_LICENSE_KEY", "XLWINGS_ON_SERVER")}
    env["HOME"] = "/nonexistent"  # no ~/.xlwings/xlwings.conf key either
    out = subprocess.run([sys.executable, "-m", "salessheet", "serve", "--port", str(server.free_port())],
                         capture_output=True, text=True, timeout=60, env=env, check=False)
    assert out.returncode == 4
    assert "XLWINGS_LICENSE_KEY=noncommercial" in out.stderr
