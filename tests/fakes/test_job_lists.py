"""A vendor's fake lists its own jobs, page by page as the vendor pages them: Parsify by
page and page_size with a next URL (20 a page by default), Writer by offset and limit
with a total."""

from __future__ import annotations

import asyncio

from jobclients.parsify.testing import FakeParsify
from jobclients.writer.testing import FakeWriter


def test_parsify_lists_every_job_in_its_page_size() -> None:
    fake = FakeParsify()
    added = [fake.add_job(statuses=["pending", "processing", "completed"]) for _ in range(45)]
    client = fake.client()
    listed = [str(job.id) for job in client.list_jobs()]
    assert listed == added
    # 20, 20 and 5: three requests, the first asking for no page, the next by their URL.
    requests = fake.calls("list_jobs")
    assert len(requests) == 3
    assert [len(p.items) for p in client.list_jobs(page_size=40).pages()] == [40, 5]


def test_a_list_shows_each_job_as_its_last_retrieval_did() -> None:
    fake = FakeParsify()
    job_id = fake.add_job(statuses=["pending", "processing", "completed"])
    client = fake.client()
    assert [j.status for j in client.list_jobs()] == ["pending"]
    assert client.get_job(job_id).status == "pending"
    assert client.get_job(job_id).status == "processing"
    # Listing is not a poll: it shows what the last retrieval showed, and moves nothing.
    assert [j.status for j in client.list_jobs()] == ["processing"]
    assert [j.status for j in client.list_jobs()] == ["processing"]
    assert client.get_job(job_id).status == "completed"


def test_writer_pages_by_offset_to_its_total_sync_and_async() -> None:
    fake = FakeWriter()
    added = [fake.add_job(statuses=["in_progress"]) for _ in range(25)]
    client = fake.client()
    assert [str(job.id) for job in client.list_jobs(application_id="app")] == added
    assert len(fake.calls("list_jobs")) == 3  # 10, 10, 5: the total ends the walk

    async def walk() -> list[str]:
        async with fake.async_client() as aclient:
            return [str(job.id) async for job in aclient.list_jobs(application_id="app")]

    assert asyncio.run(walk()) == added


def test_an_empty_fake_lists_nothing_in_one_request() -> None:
    fake = FakeParsify()
    client = fake.client()
    assert list(client.list_jobs()) == []
    assert len(fake.calls("list_jobs")) == 1
