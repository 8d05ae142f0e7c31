"""Wagtail's two indexes, updated once for a run of saves instead of at every save.

Every save of a page, snippet or image updates two indexes: the search index (the site's
search page, the admin's search boxes and choosers) and the reference index (the admin's
"Usage" listings and the warnings before a delete). Each update is a task that reads the
object again and rewrites its rows; the immediate task backend runs it inline. A page is
saved several times while it is made (created, its revision, published, translated, given
its translations' links), so loading many pages indexed each one several times.

``deferred()`` holds these updates back: inside it, what is saved is noted, and when the
block ends each object still there is indexed once (``load_demo``). ``suspended()`` holds
them back and drops them: for saves that nobody searches or lists the usage of, such as the
tests that read neither index (tests/conftest.py gives the others their indexes). A delete
is never held back: a deleted object's rows go at once, as usual.

Holds nest, and the innermost decides what happens to a save. They are meant for the thread
that runs a management command or a test run: while one is on, the search index's save
handlers are disconnected for the process and the reference index's are switched off for
that thread (Wagtail's own switch, ``disable_reference_index_auto_update``); saves made in
other threads meanwhile are noted like the holder's.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler as search_on_save
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import reference_index_auto_update_disabled as references_off

_SAVE_UID = "townhall-index-hold-save"
_DELETE_UID = "townhall-index-hold-delete"


class _Holds:
    """The holds in force (innermost last), and what the outermost one switched off."""

    def __init__(self):
        self.stack = []
        self.disconnected = []  # models whose search handler is disconnected
        self.references_were_off = False


_holds = _Holds()


class Hold:
    """Index updates held back from ``start()`` to ``stop()``: then made once (``keep``)
    or dropped."""

    def __init__(self, keep):
        self.keep = keep
        self.saved = {}  # model: {primary key: None}, in the order first saved

    def start(self):
        if not _holds.stack:
            _holds.disconnected = [
                model
                for model in _search_models()
                if post_save.disconnect(search_on_save, sender=model)
            ]
            _holds.references_were_off = getattr(references_off, "value", False)
            post_save.connect(_note_save, dispatch_uid=_SAVE_UID)
            post_delete.connect(_forget_delete, dispatch_uid=_DELETE_UID)
        _holds.stack.append(self)
        references_off.value = True
        return self

    def stop(self):
        _holds.stack.remove(self)
        if not _holds.stack:
            for model in _holds.disconnected:
                post_save.connect(search_on_save, sender=model)
            _holds.disconnected = []
            post_save.disconnect(dispatch_uid=_SAVE_UID)
            post_delete.disconnect(dispatch_uid=_DELETE_UID)
            if not _holds.references_were_off:
                del references_off.value
        saved, self.saved = self.saved, {}
        if self.keep:
            index(saved)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def index(saved):
    """Update both indexes for the objects of ``saved`` ({model: primary keys}) that exist."""
    searched = set(_search_models())
    for model, keys in saved.items():
        in_search = model in searched
        in_references = ReferenceIndex.is_indexed(model)
        if not (in_search or in_references):
            continue
        for instance in model._default_manager.filter(pk__in=list(keys)).iterator():
            if in_search:
                search_index.insert_or_update_object(instance)
            if in_references:
                ReferenceIndex.create_or_update_for_object(instance)


def _search_models():
    return [
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]


def _note_save(sender, instance, raw=False, **kwargs):
    if raw or not _holds.stack or not _holds.stack[-1].keep:
        return
    model = type(instance)
    if model is Page:  # a page saved through its base class: index its own type
        model = instance.specific_class or Page
    _holds.stack[-1].saved.setdefault(model, {})[instance.pk] = None


def _forget_delete(sender, instance, **kwargs):
    for hold in _holds.stack:
        hold.saved.get(type(instance), {}).pop(instance.pk, None)
    # What Wagtail's own handler does, switched off in the holding thread.
    if type(instance) in ReferenceIndex.tracked_models and getattr(references_off, "value", False):
        with transaction.atomic():
            ReferenceIndex.remove_for_object(instance)
            ReferenceIndex.remove_references_to(instance)


def deferred():
    """Index what the block saves once, when it ends (also when it fails: what it saved
    and committed before is indexed)."""
    return Hold(keep=True)


def suspended():
    """Leave the indexes as they are for what the block saves."""
    return Hold(keep=False)
