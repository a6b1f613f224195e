"""The shared kernel: what every package of ours may import, in either runtime (our Python 3.11
code and Rasa's 3.10): pure Python, standard library only, importing nothing else of ours. The
identity contract between the gateway and the actions, and the one masking rule."""
