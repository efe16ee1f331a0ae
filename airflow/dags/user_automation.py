"""user_automation: Airflow drives user-streamer through its HTTP API.

One task, ``stream_data_from_api``, asks the user-streamer service (``user-streamer serve``) to start a run
(``POST /api/runs``) and waits for that run to end (``GET /api/runs/{runId}``). The task succeeds when the run ends
``success`` and fails, with the run's error, when it ends ``failed``. The streaming itself (randomuser API -> Kafka ->
Cassandra) happens in the service; this file only triggers and watches it, so it needs nothing but Airflow 3 and
apache-airflow-providers-http.

Where the service is:
- the Airflow connection ``user_streamer`` (e.g. ``AIRFLOW_CONN_USER_STREAMER='http://127.0.0.1:8080'``); its
  login/password, and the headers / timeout / verify in its extra, are used as HttpHook uses them;
- otherwise the Airflow Variable ``user_streamer_url`` (e.g. ``AIRFLOW_VAR_USER_STREAMER_URL='http://host:8080'``).

Run settings, first found wins: the DAG run's conf / params (``duration_seconds``, ``count``, ``source``, ``seed``,
``timeout_seconds``), then the Variables ``user_streamer_duration_seconds`` and ``user_streamer_timeout_seconds``,
then the defaults (60 s of streaming; give up waiting after the duration plus 600 s).

A run the service reports as ``failed`` fails the task without Airflow retries (AirflowFailException): the service
already retried inside the run. The service being unreachable or the wait timing out is an AirflowException, which
Airflow's task retries apply to.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from airflow.sdk import Param, Variable, dag, get_current_context, task

try:  # Airflow >= 3.1 exposes the task exceptions in the Task SDK
    from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowNotFoundException
except ImportError:  # Airflow 3.0
    from airflow.exceptions import AirflowException, AirflowFailException, AirflowNotFoundException

log = logging.getLogger("user_streamer.user_automation")

DAG_ID = "user_automation"
TASK_ID = "stream_data_from_api"
CONN_ID = "user_streamer"
URL_VARIABLE = "user_streamer_url"
DURATION_VARIABLE = "user_streamer_duration_seconds"
TIMEOUT_VARIABLE = "user_streamer_timeout_seconds"
DEFAULT_DURATION_SECONDS = 60
TIMEOUT_MARGIN_SECONDS = 600
POLL_SECONDS = 2.0
REQUEST_TIMEOUT_SECONDS = 30
# Polling tolerates the service being briefly unreachable (a restart) for this long before giving up.
UNREACHABLE_GRACE_SECONDS = 120
FINAL_STATES = ("success", "failed")


class _Service:
    """The user-streamer HTTP API: a requests session and the service's base URL."""

    def __init__(self) -> None:
        import requests

        try:
            from airflow.providers.http.hooks.http import HttpHook

            hook = HttpHook(method="GET", http_conn_id=CONN_ID)
            # get_conn() resolves the connection (auth, extra headers, verify, proxies) and sets base_url.
            self.session = hook.get_conn(headers={"Accept": "application/json"})
            self.base_url = hook.base_url.rstrip("/")
            self.timeout = getattr(hook, "merged_extra", {}).get("timeout", REQUEST_TIMEOUT_SECONDS)
            self.where = f"Airflow connection {CONN_ID!r}"
        except AirflowNotFoundException:
            url = Variable.get(URL_VARIABLE, default=None)
            if not url:
                raise AirflowFailException(
                    f"no user-streamer service configured: create the Airflow connection {CONN_ID!r} "
                    f"(e.g. AIRFLOW_CONN_USER_STREAMER='http://127.0.0.1:8080') "
                    f"or set the Variable {URL_VARIABLE!r} to the service's URL"
                ) from None
            self.session = requests.Session()
            self.session.headers["Accept"] = "application/json"
            self.base_url = str(url).strip().rstrip("/")
            self.timeout = REQUEST_TIMEOUT_SECONDS
            self.where = f"Airflow Variable {URL_VARIABLE!r}"

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        """One request; returns (status, parsed JSON body or the raw text). Raises requests' errors."""
        response = self.session.request(method, self.base_url + path, json=body, timeout=self.timeout)
        try:
            payload: Any = response.json()
        except ValueError:
            payload = response.text[:500]
        return response.status_code, payload


def _error_text(payload: Any) -> str:
    if isinstance(payload, dict) and payload.get("error"):
        return str(payload["error"])
    return str(payload)


def _setting(params: dict[str, Any], name: str, variable: str | None, default: Any) -> Any:
    value = params.get(name)
    if value is None and variable is not None:
        value = Variable.get(variable, default=None)
    return default if value is None or value == "" else value


def _positive_number(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise AirflowFailException(f"{name} must be a number of seconds, got {value!r}") from None
    if number <= 0:
        raise AirflowFailException(f"{name} must be more than 0, got {value!r}")
    return number


def _iso(moment: Any) -> str:
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return str(moment)


def _summary(run: dict[str, Any]) -> str:
    return (
        f"run {run.get('runId')} {run.get('state')}: fetched={run.get('fetched')} "
        f"produced={run.get('produced')} rejected={run.get('rejected')}"
    )


@dag(
    dag_id=DAG_ID,
    description="Stream users from the randomuser API into Kafka (and on to Cassandra) through user-streamer",
    schedule="@daily",
    start_date=datetime(2024, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    tags=["user-streamer"],
    doc_md=__doc__,
    default_args={"owner": "user-streamer", "retries": 1, "retry_delay": timedelta(minutes=2)},
    params={
        "duration_seconds": Param(
            None,
            type=["null", "number"],
            exclusiveMinimum=0,
            description=f"How long the run streams; default: Variable {DURATION_VARIABLE} or 60",
        ),
        "count": Param(None, type=["null", "integer"], minimum=1, description="Stop after this many users"),
        "source": Param(None, type=["null", "string"], description="randomuser API URL; default: the service's"),
        "seed": Param(None, type=["null", "string"], description="randomuser seed"),
        "timeout_seconds": Param(
            None,
            type=["null", "number"],
            exclusiveMinimum=0,
            description=f"Give up waiting after this long; default: Variable {TIMEOUT_VARIABLE} "
            f"or the duration plus {TIMEOUT_MARGIN_SECONDS}",
        ),
    },
)
def user_automation() -> None:
    @task(task_id=TASK_ID)
    def stream_data_from_api() -> dict[str, Any]:
        import requests

        context = get_current_context()
        params: dict[str, Any] = dict(context.get("params") or {})
        dag_run = context.get("dag_run")
        # Airflow 3 runs triggered without a logical date (e.g. manual "Trigger" with none) have logical_date None.
        logical_date = context.get("logical_date") or getattr(dag_run, "run_after", None) or datetime.now(timezone.utc)

        duration = _positive_number(
            "duration_seconds", _setting(params, "duration_seconds", DURATION_VARIABLE, DEFAULT_DURATION_SECONDS)
        )
        timeout = _positive_number(
            "timeout_seconds", _setting(params, "timeout_seconds", TIMEOUT_VARIABLE, duration + TIMEOUT_MARGIN_SECONDS)
        )
        body: dict[str, Any] = {
            "durationSeconds": int(duration) if duration.is_integer() else duration,
            "logicalDate": _iso(logical_date),
            "trigger": "airflow",
        }
        for name in ("count", "source", "seed"):
            if params.get(name) is not None:
                body[name] = params[name]

        service = _Service()
        log.info("user-streamer at %s (from the %s)", service.base_url, service.where)
        log.info("starting a run: POST %s/api/runs %s", service.base_url, json.dumps(body))
        try:
            status, payload = service.call("POST", "/api/runs", body)
        except requests.RequestException as error:
            raise AirflowException(f"user-streamer at {service.base_url} is unreachable: {error}") from error
        if status == 400:
            raise AirflowFailException(f"user-streamer refused the run (400): {_error_text(payload)}")
        if status not in (200, 201, 202) or not isinstance(payload, dict) or not payload.get("runId"):
            raise AirflowException(f"POST /api/runs answered {status}: {_error_text(payload)}")
        run: dict[str, Any] = payload
        run_id = str(run["runId"])
        log.info("run %s accepted (state %s); waiting up to %.0f s for it to end", run_id, run.get("state"), timeout)

        started = time.monotonic()
        deadline = started + timeout
        unreachable_since: float | None = None
        last_state = run.get("state")
        while run.get("state") not in FINAL_STATES:
            if time.monotonic() >= deadline:
                raise AirflowException(
                    f"run {run_id} did not end within {timeout:.0f} s (last state {last_state}); "
                    "it may still be running in user-streamer"
                )
            time.sleep(POLL_SECONDS)
            try:
                status, payload = service.call("GET", f"/api/runs/{run_id}")
            except requests.RequestException as error:
                unreachable_since = unreachable_since or time.monotonic()
                waited = time.monotonic() - unreachable_since
                if waited > UNREACHABLE_GRACE_SECONDS:
                    raise AirflowException(
                        f"user-streamer unreachable for {waited:.0f} s while run {run_id} was {last_state}: {error}"
                    ) from error
                log.warning("polling run %s failed (%s); retrying", run_id, error)
                continue
            unreachable_since = None
            if status == 404:
                raise AirflowException(f"run {run_id} is unknown to user-streamer: {_error_text(payload)}")
            if status != 200 or not isinstance(payload, dict):
                log.warning("GET /api/runs/%s answered %s: %s; retrying", run_id, status, _error_text(payload))
                continue
            run = payload
            if run.get("state") != last_state:
                log.info("run %s is %s (%.0f s)", run_id, run.get("state"), time.monotonic() - started)
                last_state = run.get("state")

        if run["state"] == "failed":
            log.error("%s: %s", _summary(run), run.get("error"))
            raise AirflowFailException(f"user-streamer run {run_id} failed: {run.get('error') or 'no error given'}")
        log.info("%s in %.0f s", _summary(run), time.monotonic() - started)
        return run

    stream_data_from_api()


user_automation()
