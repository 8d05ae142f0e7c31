"""Following an export the way an official does: the job's page, then its download."""

from dataclasses import dataclass

EXPORTS_PREFIX = "/admin/exports/"


@dataclass
class Download:
    status_code: int
    content: bytes
    headers: dict
    streaming = False

    def __getitem__(self, name):
        return self.headers[name]


def follow_export(client, response):
    """The downloaded file when ``response`` sends to an export's page, else ``response``.

    Tests run tasks at once (the immediate backend), so the file is ready on the first visit.
    """
    if response.status_code != 302 or not response["Location"].startswith(EXPORTS_PREFIX):
        return response
    status = client.get(response["Location"])
    assert status.status_code == 200
    download = client.get(response["Location"] + "download/")
    assert download.status_code == 200
    return Download(200, b"".join(download.streaming_content), dict(download.items()))
