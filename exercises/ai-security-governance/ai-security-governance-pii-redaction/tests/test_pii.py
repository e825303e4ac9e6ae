from pii import iban_valid, luhn_valid, redact, restore


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert luhn_valid("79927398713")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("4111-1111")


def test_iban():
    assert iban_valid("GB82 WEST 1234 5698 7654 32")
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("GB82 WEST 1234 5698 7654 33")
    assert not iban_valid("gb82 west 1234 5698 7654 32")


def test_redacts_each_kind():
    text = (
        "Mail jane.doe@example.co.uk or call +44 20 7946 0958. "
        "Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32."
    )
    redacted, mapping = redact(text)
    assert redacted == "Mail [EMAIL_1] or call [PHONE_1]. Card [CARD_1], IBAN [IBAN_1]."
    assert mapping == {
        "[EMAIL_1]": "jane.doe@example.co.uk",
        "[IBAN_1]": "GB82 WEST 1234 5698 7654 32",
        "[CARD_1]": "4111 1111 1111 1111",
        "[PHONE_1]": "+44 20 7946 0958",
    }


def test_repeated_values_share_a_placeholder():
    redacted, mapping = redact("a@x.io wrote to b@y.io; a@x.io again")
    assert redacted == "[EMAIL_1] wrote to [EMAIL_2]; [EMAIL_1] again"
    assert len(mapping) == 2


def test_checksums_prevent_over_redaction():
    text = "Order 4111 1111 1111 1112 shipped on 2026-05-01, ticket 5500-0055-5555-5559."
    redacted, mapping = redact(text)
    assert "4111 1111 1111 1112" in redacted and "2026-05-01" in redacted
    assert mapping == {"[CARD_1]": "5500-0055-5555-5559"}
    assert redact("IBAN GB82 WEST 1234 5698 7654 33")[1] == {}


def test_numbers_are_not_cut_out_of_longer_runs():
    long_run = "id 41111111111111110000000"  # 25 digits: no card inside it
    assert redact(long_run) == (long_run, {})
    assert redact("call +1-555-123-45678901234567")[1] == {}  # too many digits for a phone


def test_restore_round_trip():
    text = "Refund 4111-1111-1111-1111 for jane@example.com, +33 1 23 45 67 89."
    redacted, mapping = redact(text)
    assert "jane" not in redacted and "4111" not in redacted and "+33" not in redacted
    assert restore(redacted, mapping) == text
