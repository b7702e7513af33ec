"""Skills training in the API (``/api/v1/training/``): the pages' lists, objects and writes (core/api).

* ``courses/`` — the courses (the list's filters), one course, planning one (``CourseForm``,
  ``course_create``) and changing it while planned or open (``course_update``);
* ``trainees/`` — the trainees (the list's filters: ``status`` trained / completed / certified,
  ``year``, ``category``, ``township``, ``course``), one trainee with their certificate's number.
"""

from __future__ import annotations

from rest_framework import serializers

from gonghui.core.api import Endpoint, Write
from gonghui.training import lists, selectors, services
from gonghui.training.forms import CourseForm
from gonghui.training.models import Course, Enrolment


class CourseSerializer(serializers.ModelSerializer):
    """A training course, its organising union, places and state."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    enrolled = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Course
        fields = [
            "id",
            "union",
            "union_name",
            "title",
            "provider",
            "category",
            "category_label",
            "starts_on",
            "ends_on",
            "hours",
            "sessions",
            "place",
            "capacity",
            "enrolled",
            "funding",
            "subsidy",
            "attendance_threshold",
            "assessment_required",
            "state",
            "state_label",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class TraineeSerializer(serializers.ModelSerializer):
    """A worker on a course: attendance, assessment, completion and certificate number."""

    name = serializers.CharField(source="worker.name", read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    certificate_number = serializers.CharField(source="certificate.number", read_only=True, default="")

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "course",
            "course_title",
            "worker",
            "name",
            "union",
            "enrolled_on",
            "source",
            "state",
            "state_label",
            "withdrawn_on",
            "attended",
            "assessment_passed",
            "completed_on",
            "certificate_number",
        ]
        read_only_fields = fields


ENDPOINTS = (
    Endpoint(
        "courses",
        serializer=CourseSerializer,
        list=lists.COURSES,
        get=selectors.get_course_for_user,
        lookup="course_id",
        create=Write(
            form=CourseForm,
            service=services.course_create,
            call=lambda c: services.course_create(actor=c.user, **c.form.cleaned_data),
        ),
        update=Write(
            form=CourseForm,
            service=services.course_update,
            leave_out=("union",),  # the edit page does not move it
            form_kwargs=lambda c: {"initial": {name: getattr(c.obj, name) for name in services.COURSE_FIELDS}},
            call=lambda c: services.course_update(actor=c.user, course=c.obj, **c.data),
        ),
    ),
    Endpoint(
        "trainees",
        serializer=TraineeSerializer,
        list=lists.ENROLMENTS,
        get=selectors.get_enrolment_for_user,
        lookup="enrolment_id",
    ),
)
