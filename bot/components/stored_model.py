"""Our components that train a scikit-learn model (the knowledge retriever and router, the intent
blender): Rasa's graph-component plumbing in one place. A subclass says how to fit its model and
what to do with it in `process`; the model is kept inside the trained Rasa model, written by
`train` and read back by `load` (a model trained before the component existed has none: the
component then leaves messages as they are)."""

from __future__ import annotations

import pickle
from abc import abstractmethod
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

_MODEL_FILE = "model.pkl"


class StoredModelComponent(GraphComponent):
    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
        model: Any = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.model = model

    @abstractmethod
    def fit(self, training_data: TrainingData) -> Any:
        """The trained model, or None when the data cannot train one."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StoredModelComponent:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.model = self.fit(training_data)
        with self._storage.write_to(self._resource) as directory:
            (directory / _MODEL_FILE).write_bytes(pickle.dumps(self.model))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> StoredModelComponent:
        try:
            with model_storage.read_from(resource) as directory:
                # Our own file inside the trained model, written by train() above.
                model = pickle.loads((directory / _MODEL_FILE).read_bytes())  # noqa: S301
        except (ValueError, FileNotFoundError):
            model = None
        return cls(config, model_storage, resource, model)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
