"""Model files: the format with its two sections and their checks (:mod:`.format`), the trust
store (:mod:`.trust`), the loaders (:mod:`.loader`), and bundled models with their rebuild
(:mod:`.bundled`).  Import the submodules; this package imports nothing, so that reading a
model file never pulls in training."""
