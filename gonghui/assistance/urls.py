from django.urls import path

from gonghui.assistance import views, views_documents, views_figures

app_name = "assistance"

urlpatterns = [
    # Hardship files
    path("files/", views.file_list, name="file_list"),
    path("files/new/", views.file_new, name="file_new"),
    path("files/new/<id:worker_id>/", views.file_open, name="file_open"),
    path("files/<id:file_id>/", views.file_detail, name="file_detail"),
    path("files/<id:file_id>/edit/", views.file_edit, name="file_edit"),
    path("files/<id:file_id>/members/add/", views.member_add, name="member_add"),
    path("files/<id:file_id>/attachments/add/", views.attachment_add, name="attachment_add"),
    path("files/<id:file_id>/pairings/add/", views.pairing_add, name="pairing_add"),
    path("household/<id:household_member_id>/edit/", views.member_edit, name="member_edit"),
    path("household/<id:household_member_id>/remove/", views.member_remove, name="member_remove"),
    path("household/<id:household_member_id>/consent/", views.consent_record, name="consent_record"),
    path("attachments/<id:file_attachment_id>/", views.attachment_download, name="attachment_download"),
    path("pairings/<id:pairing_id>/visits/add/", views.pairing_visit_add, name="pairing_visit_add"),
    path("pairings/<id:pairing_id>/end/", views.pairing_end, name="pairing_end"),
    path("notices/", views.notice_list, name="notice_list"),
    # Programmes and the minimum living standard
    path("programmes/", views.program_list, name="program_list"),
    path("programmes/new/", views.program_create, name="program_create"),
    path("programmes/<id:program_id>/", views.program_detail, name="program_detail"),
    path("programmes/<id:program_id>/edit/", views.program_edit, name="program_edit"),
    path("standards/", views.poverty_lines, name="poverty_lines"),
    # Disbursement batches
    path("disbursements/", views.disbursement_list, name="disbursement_list"),
    path("disbursements/new/", views.disbursement_create, name="disbursement_create"),
    path("disbursements/<id:disbursement_id>/", views.disbursement_detail, name="disbursement_detail"),
    path("disbursements/<id:disbursement_id>/grants/add/", views.grant_add, name="grant_add"),
    path(
        "disbursements/<id:disbursement_id>/grants/add-eligible/",
        views.grants_add_eligible,
        name="grants_add_eligible",
    ),
    path("grants/<id:grant_id>/remove/", views.grant_remove, name="grant_remove"),
    path(
        "disbursements/<id:disbursement_id>/signature-sheet.pdf",
        views_documents.signature_sheet,
        name="signature_sheet",
    ),
    path("disbursements/<id:disbursement_id>/bank.xlsx", views_documents.bank_export, name="bank_export"),
    # Annual review
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<id:review_round_id>/", views.review_detail, name="review_detail"),
    path("file-reviews/<id:file_review_id>/", views.file_review_record, name="file_review_record"),
    # Figures
    path("figures/", views_figures.figures, name="figures"),
    path("figures/unreached/", views_figures.unreached, name="unreached"),
]
