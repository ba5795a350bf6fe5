"""The typo hint's domain check is remembered per domain (issue 19): a second signer
with the same domain gets the same answer, about their own address."""

from webapp.utils import email_typos


def test_a_remembered_domain_answers_with_each_signers_own_name():
    email_typos._corrected_domain.cache_clear()
    assert email_typos.suggest("ana@gmial.com") == "ana@gmail.com"
    assert email_typos.suggest("Bruno@GMIAL.com") == "Bruno@gmail.com"
    assert email_typos._corrected_domain.cache_info().hits == 1


def test_a_remembered_unknown_domain_still_gets_no_hint():
    email_typos._corrected_domain.cache_clear()
    assert email_typos.suggest("a@example.org") is None
    assert email_typos.suggest("b@example.org") is None
    assert email_typos._corrected_domain.cache_info().hits == 1
