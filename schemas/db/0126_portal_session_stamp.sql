-- A log-in cookie carries the user's session stamp; a new password or a log-out moves the stamp,
-- which ends every session of the user, in every browser, including a copied cookie.
alter table portal_users add column session_stamp integer not null default 0;
