"""A limit on the whole body of a file upload.

Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files of any size to
disk. This handler, first in FILE_UPLOAD_HANDLERS, refuses a multipart body larger than
ZORGROUTE_MAX_UPLOAD_BYTES before anything is read: RequestDataTooBig, answered by
zorgroute.views.errors.bad_request with a Dutch 413 page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadLimitHandler(FileUploadHandler):
    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        if content_length > settings.ZORGROUTE_MAX_UPLOAD_BYTES:
            raise RequestDataTooBig("The upload is larger than ZORGROUTE_MAX_UPLOAD_BYTES.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data  # the next handler stores it

    def file_complete(self, file_size: int) -> None:
        return None
