import pytest

from tests.html import parse


@pytest.mark.django_db
def test_home_page_is_served_in_each_language_with_lang_and_dir(client, home_pages):
    for code, direction in [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl"), ("sw", "ltr")]:
        response = client.get(f"/{code}/")
        assert response.status_code == 200, code
        page = parse(response)
        assert (page.lang, page.dir) == (code, direction), code
