import contextlib
import re
import signal
import subprocess
import time

import httpx
import psutil
import pytest

from assistants.mcp import discover
from tests import processes


def sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    client.get("/accounts/login/")
    return client.post(
        "/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )


@pytest.mark.smoke
@pytest.mark.worker
def test_devserver_serves_the_printed_login_and_a_working_worker_then_stops_everything(
    transactional_db, tmp_path
):
    stack, ports = processes.devserver(tmp_path)
    web_port, mcp_port = ports.web, ports.mcp
    try:
        # The login is printed once the sandbox listens and the demo sync is queued, which on
        # a busy machine can be after the dashboard already listens.
        processes.wait_until(
            lambda: (
                (processes.port_open(web_port) and "Sign in as:" in stack.log())
                or not stack.alive()
            ),
            90,
            "the dashboard to listen and the login to be printed",
        )
        assert stack.alive(), stack.log()
        login = re.search(r"Sign in as:\s+(\S+)\s+Password:\s+(\S+)", stack.log())
        assert login, stack.log()
        client = httpx.Client(base_url=f"http://127.0.0.1:{web_port}", follow_redirects=True)
        page = sign_in(client, *login.groups())
        assert "Demo Organisation" in page.text

        ping = client.post(
            "/system/ping/",
            headers={"HX-Request": "true"},
            data={"csrfmiddlewaretoken": client.cookies["csrftoken"]},
        )
        ping_url = re.search(r"/system/ping/[0-9a-f-]+/", ping.text).group(0)
        processes.wait_until(
            lambda: "answered" in client.get(ping_url).text, 30, "the worker to answer"
        )
        processes.wait_until(lambda: processes.port_open(mcp_port), 30, "the demo MCP server")
        assert discover(f"http://127.0.0.1:{mcp_port}/mcp").ok, "make run serves the demo MCP"
        children = psutil.Process(stack.pid).children(recursive=True)
        assert len(children) >= 3, "web, worker and their children should be running"
    finally:
        stopped, survivors = _interrupt(stack)
    assert stopped, "make run did not stop within 30 s of Ctrl-C"
    assert not survivors, "Ctrl-C left these running"


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _interrupt(stack: processes.ChildProcess) -> tuple[bool, list[psutil.Process]]:
    """Ctrl-C, as a person stops `make run`: whether it stopped within 30 s, and what of it
    was still running after. Whatever is left is then killed, even when the test failed
    halfway, so no worker of this stack stays behind to take other tests' messages (with
    SIGINT ignored, as in a background job, a Ctrl-C that comes before the stack has
    installed its handler does nothing)."""
    try:
        started = psutil.Process(stack.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        started = []
    stack.kill(signal.SIGINT)
    try:
        stack.process.wait(timeout=30)
        stopped = True
    except subprocess.TimeoutExpired:
        stopped = False
    time.sleep(0.5)
    survivors = [process for process in started if _running(process)]
    for process in survivors:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    stack.kill()
    stack.stop()
    return stopped, survivors
