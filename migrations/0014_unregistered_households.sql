-- 0014: a household with a case counts in Plan 2716 whether or not the
-- register knows it. A person ingest creates without a household (their
-- address matched no household of the register) keeps the address key their
-- record gave (ward|house number|street): people at one such address are one
-- household for the case-household counts. NULL for people in a household and
-- for addresses without a house number and street (each such person then
-- counts as a household of their own).

ALTER TABLE person ADD COLUMN residence_address_key text;
COMMENT ON COLUMN person.residence_address_key IS 'For a person without a household (unknown to the register): the address key (ward|house number|street) of the record that created them; people sharing it are one household in Plan 2716 case-household counts. NULL otherwise.';
