"""Pages of the annual review (动态管理)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _

from gonghui.assistance import lists, selectors, services
from gonghui.assistance.forms import FileReviewForm, ReviewRoundForm
from gonghui.assistance.models import FileReview
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import service_form

# --- Annual review -------------------------------------------------------------------------------


@login_required
@permission_required("assistance.view_reviewround", raise_exception=True)
def review_list(request: AuthedRequest) -> HttpResponse:
    """The annual reviews (the list), and the form opening this year's (POST)."""
    may_open = request.user.has_perm("assistance.add_reviewround")
    if request.method != "POST":
        context = {"form": ReviewRoundForm(), "may_open": may_open}
        return lists.REVIEW_ROUNDS.render(request, "assistance/review_list.html", context)
    if not may_open:
        raise PermissionDenied
    form = ReviewRoundForm(request.POST)
    response = service_form(
        request,
        form,
        lambda form: services.review_round_open(
            actor=request.user,
            union=request.user.union,
            year=form.cleaned_data["year"],
            share=form.cleaned_data["spot_check_share"],
        ),
        template="assistance/review_list.html",
        success=lambda review: review.get_absolute_url(),
        message=_("Review opened."),
    )
    if response.status_code != 200:
        return response
    # Refused: the list again, with the form and its errors.
    return lists.REVIEW_ROUNDS.render(request, "assistance/review_list.html", {"form": form, "may_open": may_open})


@login_required
@permission_required("assistance.view_reviewround", raise_exception=True)
def review_detail(request: AuthedRequest, review_round_id: int) -> HttpResponse:
    review = selectors.get_review_round_for_user(request.user, review_round_id)
    return lists.FILE_REVIEWS.render(
        request, "assistance/review_detail.html", {"review": review}, forced={"round": str(review.pk)}
    )


@login_required
@permission_required("assistance.change_filereview", raise_exception=True)
def file_review_record(request: AuthedRequest, file_review_id: int) -> HttpResponse:
    review = selectors.get_file_review_for_user(request.user, file_review_id)
    context = {
        "file": review.file,
        "review": review,
        "title": _("Review of %(number)s") % {"number": review.file.number},
        "is_spot": review.spot_check,
        "outcomes": FileReview.Outcome.choices,
    }
    return service_form(
        request,
        FileReviewForm(request.POST or None),
        lambda form: services.file_review_record(actor=request.user, review=review, **form.cleaned_data),
        template="assistance/simple_form.html",
        context=context,
        success=review.round.get_absolute_url(),
        message=_("Review recorded."),
    )
