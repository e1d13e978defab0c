def test_r04_api_answers_whether_a_make_up_saturday_is_a_working_day(client, db):
    body = client.get("/api/v1/workdays/2024-10-12").json()

    assert body == {"date": "2024-10-12", "is_workday": True}


def test_r05_api_counts_five_working_days_across_national_day(client, db):
    body = client.get("/api/v1/workdays/add", {"start": "2024-09-27", "workdays": 5}).json()

    assert body["span_end"] == "2024-10-09"
    assert body["date"] == "2024-10-10"


def test_r04_api_refuses_a_year_without_calendar_data(client, db):
    response = client.get("/api/v1/workdays/2027-03-01")

    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert error["code"] == "calendar_missing"
    assert "2027" in error["message"]
