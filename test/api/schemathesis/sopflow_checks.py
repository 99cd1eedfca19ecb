"""sopflow's own schemathesis checks (loaded through SCHEMATHESIS_HOOKS by test/api/schemathesis.test.ts)."""
import os
import zlib

import schemathesis


@schemathesis.check
def client_errors_are_problem_json(ctx, response, case):
    """Every 4xx answer is an RFC 9457 problem document with a stable code (api/problem.ts)."""
    if not 400 <= response.status_code < 500:
        return None
    content_type = response.headers.get("content-type", [""])[0].split(";")[0].strip()
    if content_type != "application/problem+json":
        raise AssertionError(f"{response.status_code} answered as {content_type or 'no content type'}, not application/problem+json")
    body = response.json()
    if not isinstance(body, dict) or body.get("status") != response.status_code or not isinstance(body.get("code"), str):
        raise AssertionError(f"{response.status_code} problem document lacks a matching status or a code: {body!r}"[:300])
    return None


# The ids of the real case and task the test seeded: about half the generated path ids are replaced by them, so the
# fuzzer's requests reach the case and task logic instead of only "not found". (A dictionary binding in the config
# makes Hypothesis filter too much: ids with slashes are rejected as path values before they are encoded.)
_REAL_IDS = {"caseId": os.environ.get("SOPFLOW_FUZZ_CASE_ID"), "taskId": os.environ.get("SOPFLOW_FUZZ_TASK_ID")}


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    for name, real in _REAL_IDS.items():
        if real and path_parameters and name in path_parameters and zlib.crc32(str(path_parameters[name]).encode()) % 2 == 0:
            path_parameters[name] = real
    return path_parameters
