from hypothesis import given
from hypothesis import strategies as st

from ct05.core.text import fold, vietnamese_sort_key

VIETNAMESE = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
words = st.text(alphabet=VIETNAMESE, min_size=1, max_size=7)


def test_fold_strips_tones_and_letter_marks():
    assert fold("Giàng A Vừ") == "giang a vu"
    assert fold("ĐẶNG Thị Ánh") == "dang thi anh"
    assert fold("  Lò   Văn  Sáng ") == "lo van sang"


def test_d_with_stroke_sorts_after_d_and_tones_only_break_ties():
    assert vietnamese_sort_key("A Dung") < vietnamese_sort_key("A Đông")
    assert vietnamese_sort_key("A Đông") < vietnamese_sort_key("A Em")
    assert vietnamese_sort_key("A An") < vietnamese_sort_key("A Án") < vietnamese_sort_key("A Ăn")


def test_given_name_decides_before_the_family_name():
    assert vietnamese_sort_key("Trần An") < vietnamese_sort_key("Âu Bình")


@given(st.lists(words, min_size=1, max_size=4))
def test_sort_key_is_made_of_digits_so_every_collation_agrees(parts):
    key = vietnamese_sort_key(" ".join(parts))
    assert key.isdigit()


@given(words, words)
def test_a_given_name_that_extends_another_sorts_after_it(a, b):
    assert vietnamese_sort_key(f"X {a}") < vietnamese_sort_key(f"X {a}{b}")
