from django.urls import path

from gonghui.assistance.views import disbursements, documents, figures, files, mine, pairings, programmes, review

app_name = "assistance"

urlpatterns = [
    # Hardship files
    path("files/", files.file_list, name="file_list"),
    path("files/new/", files.file_new, name="file_new"),
    path("files/new/<id:worker_id>/", files.file_open, name="file_open"),
    path("files/<id:file_id>/", files.file_detail, name="file_detail"),
    path("files/<id:file_id>/edit/", files.file_edit, name="file_edit"),
    path("files/<id:file_id>/members/add/", files.member_add, name="member_add"),
    path("files/<id:file_id>/attachments/add/", files.attachment_add, name="attachment_add"),
    path("files/<id:file_id>/pairings/add/", pairings.pairing_add, name="pairing_add"),
    path("household/<id:household_member_id>/edit/", files.member_edit, name="member_edit"),
    path("household/<id:household_member_id>/remove/", files.member_remove, name="member_remove"),
    path("household/<id:household_member_id>/consent/", files.consent_record, name="consent_record"),
    path("attachments/<id:file_attachment_id>/", files.attachment_download, name="attachment_download"),
    path("pairings/<id:pairing_id>/visits/add/", pairings.pairing_visit_add, name="pairing_visit_add"),
    path("pairings/<id:pairing_id>/end/", pairings.pairing_end, name="pairing_end"),
    path("notices/", files.notice_list, name="notice_list"),
    # Programmes and the minimum living standard
    path("programmes/", programmes.program_list, name="program_list"),
    path("programmes/new/", programmes.program_create, name="program_create"),
    path("programmes/<id:program_id>/", programmes.program_detail, name="program_detail"),
    path("programmes/<id:program_id>/edit/", programmes.program_edit, name="program_edit"),
    path("standards/", programmes.poverty_lines, name="poverty_lines"),
    # Disbursement batches
    path("disbursements/", disbursements.disbursement_list, name="disbursement_list"),
    path("disbursements/new/", disbursements.disbursement_create, name="disbursement_create"),
    path("disbursements/<id:disbursement_id>/", disbursements.disbursement_detail, name="disbursement_detail"),
    path("disbursements/<id:disbursement_id>/grants/add/", disbursements.grant_add, name="grant_add"),
    path(
        "disbursements/<id:disbursement_id>/grants/add-eligible/",
        disbursements.grants_add_eligible,
        name="grants_add_eligible",
    ),
    path("grants/", disbursements.grant_list, name="grant_list"),
    path("grants/<id:grant_id>/remove/", disbursements.grant_remove, name="grant_remove"),
    path(
        "disbursements/<id:disbursement_id>/signature-sheet.pdf",
        documents.signature_sheet,
        name="signature_sheet",
    ),
    path("disbursements/<id:disbursement_id>/bank.xlsx", documents.bank_export, name="bank_export"),
    # Annual review
    path("reviews/", review.review_list, name="review_list"),
    path("reviews/<id:review_round_id>/", review.review_detail, name="review_detail"),
    path("file-reviews/<id:file_review_id>/", review.file_review_record, name="file_review_record"),
    # Figures
    path("figures/", figures.figures, name="figures"),
    path("figures/unreached/", figures.unreached, name="unreached"),
    # The worker's own applications (role 职工)
    path("mine/<id:file_id>/", mine.my_application, name="my_application"),
]
