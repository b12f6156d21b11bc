"""Personal numbers never reach a log in full."""

from __future__ import annotations

import logging

from foundation.privacy import MaskingFilter, mask


def test_phone_id_card_and_bank_numbers_are_masked():
    text = "电话13812345678，身份证330102199001011234，卡号6222021234567890123"
    masked = mask(text)
    assert "13812345678" not in masked and "138****5678" in masked
    assert "330102199001011234" not in masked and "330102********1234" in masked
    assert "6222021234567890123" not in masked


def test_wages_and_dates_are_left_alone():
    assert mask("月薪5000，2025年3月入职，欠了12000元") == "月薪5000，2025年3月入职，欠了12000元"


def test_the_logging_filter_masks_arguments_too(caplog):
    logger = logging.getLogger("test.privacy")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("worker phone %s", "13912345678")
    assert "13912345678" not in caplog.text
    assert "139****5678" in caplog.text
