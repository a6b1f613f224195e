"""Rasa's DIETClassifier, trained exactly the same, loaded in a second instead of half a minute.

To create its weights before reading them from the model, Rasa's `RasaModel.load` runs one
training step through Keras' traced train function. Tracing that function (with the CRF
entity loss and its gradient) is most of `rasa run`'s start-up on our 2-core machine (a
py-spy profile: ~70 % of the time to ready). One *eager* step creates the same variables and
optimizer slots without the trace; inference is unchanged (it is still traced, once, at load).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData


class QuickLoadDIET(DIET):
    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> DIET:
        if finetune_mode:  # further training wants Rasa's own compiled model
            return super().load(
                model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
            )
        model = cls(*args, **kwargs)
        learning_rate = kwargs.get("config", {}).get(LEARNING_RATE, 0.001)
        model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        # Back to graph mode for inference (`_rasa_predict` runs eagerly while this is set).
        model.run_eagerly = bool(kwargs.get("config", {}).get(RUN_EAGERLY))
        model.load_weights(model_file_name)
        if predict_data_example:
            model.run_inference(predict_data_example)  # traces the predict function now, not on message 1
        return model


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class QuickLoadDIETClassifier(DIETClassifier):
    @staticmethod
    def model_class() -> type[DIET]:
        return QuickLoadDIET
