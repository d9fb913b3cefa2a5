-- What the webhook learns about a Stripe donation, kept as facts that only
-- grow (paid, refunded so far, disputed), so that events applied in any
-- order and any number of times settle the donation the same way, with
-- the refund steps Stripe reported; where
-- its money went (the wish, the programme, or back to the donor); and the
-- checkout URL the donor pays at.
-- +goose Up
ALTER TABLE donations
    ADD COLUMN placement    text NOT NULL DEFAULT '' CHECK (placement IN ('', 'wish', 'programme', 'refund')),
    ADD COLUMN paid_at      timestamptz,
    ADD COLUMN disputed_at  timestamptz,
    ADD COLUMN checkout_url text NOT NULL DEFAULT '';
CREATE INDEX donations_wall_idx ON donations (wish_id, paid_at DESC, id) WHERE placement = 'wish';
CREATE INDEX donations_charge_idx ON donations (stripe_charge_id) WHERE stripe_charge_id IS NOT NULL;
CREATE INDEX ledger_donation_idx ON ledger_entries (donation_id) WHERE donation_id IS NOT NULL;

-- Each refund Stripe reports, as the step of the charge's refunded total
-- it made; the ledger writes one refund entry per step, whatever order
-- the steps arrive in.
CREATE TABLE donation_refunds (
    donation_id uuid NOT NULL REFERENCES donations (id),
    from_fen    bigint NOT NULL CHECK (from_fen >= 0),
    to_fen      bigint NOT NULL,
    PRIMARY KEY (donation_id, from_fen, to_fen),
    CHECK (to_fen > from_fen)
);

-- +goose Down
DROP TABLE donation_refunds;
DROP INDEX ledger_donation_idx;
DROP INDEX donations_charge_idx;
DROP INDEX donations_wall_idx;
ALTER TABLE donations
    DROP COLUMN checkout_url,
    DROP COLUMN disputed_at,
    DROP COLUMN paid_at,
    DROP COLUMN placement;
