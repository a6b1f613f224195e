"""Words about buttons that belong to an earlier request (actions/form_runs.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    # In a form: the question is asked again right after.
    "stale_button": {
        "en": "That button belongs to an earlier request — I haven't used it. Here is where we are now:",
        "zh": "这个按钮属于之前的一个请求，我没有采用。我们现在进行到这里：",
    },
    # No form is open: nothing was done.
    "stale_button_closed": {
        "en": "That button belongs to an earlier request, which is already closed — nothing was done. "
        "What would you like to do now?",
        "zh": "这个按钮属于之前的一个请求，该请求已经结束，没有执行任何操作。请问现在需要办理什么？",
    },
}
