"""The action server (rasa-sdk's executor, as `python -m rasa_sdk --actions actions` runs it)
loads our package and serves every custom action and form validation that domain.yml names."""

import yaml
from rasa_sdk.executor import ActionExecutor

from bankbot_cli.paths import ROOT


def test_every_custom_action_in_the_domain_is_registered():
    executor = ActionExecutor()
    executor.register_package("actions")  # raises if a helper base class looks like an action
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    wanted = {a for a in domain["actions"] if a.startswith(("action_", "validate_"))}
    assert wanted, "the domain names custom actions"
    missing = wanted - set(executor.actions)
    assert not missing, f"named in domain.yml but not served: {sorted(missing)}"
