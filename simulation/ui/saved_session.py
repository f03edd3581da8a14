"""The facilitator's session kept across reloads, kernel deaths and server restarts.

:class:`SavedSession` is the part of the facilitator's app (:class:`simulation.ui.app.AtelierApp`
inherits it) that links its :class:`~simulation.ui.state.Session` to the outside world: the
page's URL (``?session=``, ``?lang=``, ``?code=``), the session store
(:mod:`simulation.store`, saved at every change, reopened from its code) and the live room
(:mod:`simulation.ui.room_link`). It expects the app's ``session``, ``store``,
``session_id``, ``render()``, ``_set_status()`` and ``lang``.
"""

from __future__ import annotations

from simulation.exceptions import AtelierError
from simulation.texts import t
from simulation.ui.state import (
    Session,
    parse_query_code,
    parse_query_lang,
    parse_query_session,
)
from simulation.ui.voila_request import page_base_url, query_string


class SavedSession:
    """Save the session at every change; reopen it from the URL or from its code."""

    def _persist(self) -> None:
        """Save the session when it changed since the last save (a reload brings it back)."""
        if self.store is None or self.session_id is None:
            return
        state = self.session.to_dict()
        if state == self._saved:
            return
        from simulation.store import StoreError

        try:
            self.store.save(self.session_id, state)
        except StoreError as exc:
            self.status_text = str(exc)
            return
        self._saved = state

    def restore_code(self, code: str) -> bool:
        """Apply a pathway code to the active team, or open a session from its code; show an
        error message if invalid."""
        from simulation.store import normalize_session_id

        session_id = normalize_session_id(code)
        if session_id is not None and self.store is not None:
            return self.open_session(session_id, announce=True)
        try:
            self.session.restore_code(code)
        except AtelierError as exc:
            self._set_status(t("ui.bad_code", self.lang, error=str(exc)))
            self.render()
            return False
        self._set_status(t("ui.code_restored", self.lang))
        self.render()
        return True

    def restore_from_url(self) -> None:
        """Open the page's session (``?session=``, saved in the default store), then apply
        ``?lang=`` and ``?code=`` of the page that opened this kernel (Voilà)."""
        import os

        from simulation.store import SqliteSessionStore, StoreError

        query = query_string()
        self.base_url = page_base_url(os.environ)
        if self.store is None:
            try:
                self.store = SqliteSessionStore.in_folder()
            except StoreError as exc:
                self._set_status(str(exc))
        self.restore_from_query(query)

    def open_session(self, session_id: str, announce: bool = False) -> bool:
        """Load the saved session ``session_id`` (every team, round, level, language and
        territory); an unknown id starts a new session under that id."""
        from simulation.store import StoreError

        self.session_id = session_id
        try:
            saved = self.store.load(session_id) if self.store is not None else None
        except StoreError as exc:
            self._set_status(str(exc))
            self.render()
            return False
        if saved is not None:
            s = self.session
            self.session, notes = Session.from_dict(saved, s.lever_ids, s.territories,
                                                    s.encode, s.decode)
            self._saved = self.session.to_dict()
            self._set_status(" ".join(notes) if notes else
                             t("ui.session_restored", self.lang) if announce else "")
        self.render()
        return True

    def restore_from_query(self, query: str | None) -> None:
        """Apply ``?session=``, ``?lang=`` and ``?code=`` from the page's URL query string."""
        from simulation.store import new_session_id

        self.open_session(parse_query_session(query) or new_session_id())
        lang = parse_query_lang(query)
        if lang and lang != self.lang:
            self.session.set_lang(lang)
            self.render()
        code = parse_query_code(query)
        if code:
            self.restore_code(code)
        from simulation.ui.room_link import attach_room

        self.room = attach_room(self, query)  # ?salle=…&cle=…: the live room's panel
