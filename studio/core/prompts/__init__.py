"""Storyboard prompts: the composer that writes them and the parser that reads them back.

``compose`` and ``templates`` write the prompts a generation sends; ``lexicon`` (the
labels of each language, as data), ``segment`` (normalising and re-splitting a paste),
``tables`` and ``structured`` (markdown/TSV tables, JSON), ``parse`` (the line reader with
its explicit sections) and ``build`` (drafts to a Project) read what people and chat
models write.
"""
