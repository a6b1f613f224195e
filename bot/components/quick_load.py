"""Rasa's DIETClassifier and TEDPolicy, trained exactly the same, loaded in seconds.

To create a model's weights before reading them from disk, Rasa's `RasaModel.load` runs one
training step through Keras' traced train function. Tracing that function (DIET's CRF entity
loss, TED's dialogue transformer, and their gradients) was most of `rasa run`'s start-up on
our 2-core machine (py-spy: ~70 % of the time to ready for DIET, then ~60 % of the rest for
TED). One *eager* step creates the same variables and optimizer slots without the trace; the
weights are then read as before, and inference is unchanged (still traced once, at load).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from rasa.core.policies.ted_policy import TED, TEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel


class QuickLoad:
    """`RasaModel.load` with the weight-building step run eagerly."""

    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode:  # further training wants Rasa's own compiled model
            return super().load(  # type: ignore[misc]
                model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
            )
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        # Back to graph mode for inference (`_rasa_predict` runs eagerly while this is set).
        model.run_eagerly = bool(config.get(RUN_EAGERLY))
        model.load_weights(model_file_name)
        if predict_data_example:
            model.run_inference(predict_data_example)  # traces the predict function now, not on message 1
        return model


class QuickLoadDIET(QuickLoad, DIET):
    pass


class QuickLoadTED(QuickLoad, TED):
    pass


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class QuickLoadDIETClassifier(DIETClassifier):
    @staticmethod
    def model_class() -> type[DIET]:
        return QuickLoadDIET


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True)
class QuickLoadTEDPolicy(TEDPolicy):
    @staticmethod
    def model_class() -> type[TED]:
        return QuickLoadTED
