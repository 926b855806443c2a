-- Unified public payment and courier delivery (issue 14).
--
-- A payment order (缴费单) is made in the transaction of the command that
-- makes its fee due (acceptance, a step's approval, the case's approval);
-- code is its 20-digit payment code (缴款码). amount and refunded are fen.
-- status: unpaid, paid, waived, refunded, cancelled.
CREATE TABLE payment_orders (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL,
    case_number     TEXT NOT NULL,
    step            TEXT NOT NULL,
    item_name       TEXT NOT NULL,
    department      TEXT NOT NULL,
    department_name TEXT NOT NULL,
    region          TEXT NOT NULL,
    amount          BIGINT NOT NULL,
    basis           TEXT NOT NULL,
    payer_name      TEXT NOT NULL,
    payer_id        TEXT NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    paid_at         TEXT,
    channel         TEXT NOT NULL,
    txn             TEXT NOT NULL,
    waived_by       TEXT NOT NULL,
    waive_reason    TEXT NOT NULL,
    waived_at       TEXT,
    refunded        BIGINT NOT NULL,
    refunded_at     TEXT,
    reminded        BOOLEAN NOT NULL,
    window_at       TEXT,
    version         INTEGER NOT NULL
);
CREATE INDEX payment_orders_case ON payment_orders(case_id);
CREATE INDEX payment_orders_due ON payment_orders(status, due_date);
CREATE INDEX payment_orders_paid ON payment_orders(paid_at);

-- Every notification the platform sent, by its own id, with the SM3 of its
-- body: the same notification again changes nothing; another body under a
-- known id is a forgery. A verified notification is recorded before the
-- platform's answer as pending, and settled right after (the order paid
-- with its case): outcome pending, paid, duplicate, failed or refused.
-- window_at (on orders): when the window showed the code to an applicant
-- standing there, so paying then is a trip of the case.
CREATE TABLE payment_notifications (
    id          TEXT PRIMARY KEY,
    digest      TEXT NOT NULL,
    code        TEXT NOT NULL,
    txn         TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    channel     TEXT NOT NULL,
    status      TEXT NOT NULL,
    paid_at     TEXT,
    received_at TEXT NOT NULL,
    outcome     TEXT NOT NULL
);
CREATE INDEX payment_notifications_pending ON payment_notifications(received_at) WHERE outcome = 'pending';

-- E-receipts (财政电子票据), one per paid order, signed with the collecting
-- department's seal; body is the receipt as JSON (payment.Receipt).
CREATE TABLE payment_receipts (
    number    TEXT PRIMARY KEY,
    order_id  TEXT NOT NULL UNIQUE,
    case_id   TEXT NOT NULL,
    body      TEXT NOT NULL,
    issued_at TEXT NOT NULL
);

CREATE TABLE payment_refunds (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX payment_refunds_order ON payment_refunds(order_id);

-- One reconciliation (对账) per statement day; mismatches as JSON.
CREATE TABLE payment_reconciliations (
    day        TEXT PRIMARY KEY,
    run_at     TEXT NOT NULL,
    lines      INTEGER NOT NULL,
    orders     INTEGER NOT NULL,
    mismatches TEXT NOT NULL
);

-- The address a courier delivery goes to, given by the applicant.
CREATE TABLE case_addresses (
    case_id  TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    phone    TEXT NOT NULL,
    region   TEXT NOT NULL,
    detail   TEXT NOT NULL,
    given_at TEXT NOT NULL
);

-- Shipments: one booking per case (case_id unique); status follows
-- courier.Advance.
CREATE TABLE courier_shipments (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL UNIQUE,
    case_number TEXT NOT NULL,
    center      TEXT NOT NULL,
    waybill     TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL,
    to_name     TEXT NOT NULL,
    to_phone    TEXT NOT NULL,
    to_region   TEXT NOT NULL,
    to_detail   TEXT NOT NULL,
    grams       INTEGER NOT NULL,
    fee         BIGINT NOT NULL,
    payer       TEXT NOT NULL,
    contents    TEXT NOT NULL,
    booked_at   TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX courier_shipments_center ON courier_shipments(center, booked_at);

-- Every tracking event by its id (replays refused by the key).
CREATE TABLE courier_events (
    id          TEXT PRIMARY KEY,
    waybill     TEXT NOT NULL,
    status      TEXT NOT NULL,
    at          TEXT NOT NULL,
    location    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome     TEXT NOT NULL
);
CREATE INDEX courier_events_waybill ON courier_events(waybill, at);

-- Per service centre: who pays the courier (courier.Payer).
CREATE TABLE center_courier (
    center TEXT PRIMARY KEY,
    payer  TEXT NOT NULL
);

-- The province's reference price table (courier.PriceTable as JSON); one row.
CREATE TABLE courier_prices (
    id         TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
