"""The live room (« Salle en direct »): participants play from their phones.

``atelier serve --room`` opens a room: a short room code, a facilitator secret, up to four
teams. Participants open a light page on their phone (:mod:`simulation.live.api` serves it
with a small JSON API, in the same tornado process as Voilà: no kernel per phone), join
with the room code, pick a team and set or vote their team's lever levels. The
facilitator's dashboard (:mod:`simulation.ui.room_link`, in its Voilà kernel) shows every
team live and opens, locks and reveals the rounds.

Both processes read and write one SQLite file (:mod:`simulation.live.store`): every change
is one short ``BEGIN IMMEDIATE`` transaction that bumps the room's version counter, so no
concurrent change is lost and every reader knows when something changed.
"""
