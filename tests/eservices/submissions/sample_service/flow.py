from __future__ import annotations

from wtforms import EmailField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from eservices.attachments import UploadLimits
from eservices.submissions.flow import AttachmentRule, Step, SubmissionFlow
from portal.forms import DateInputField, PortalForm


class AboutForm(PortalForm):
    topic = StringField("Topic", validators=[DataRequired(message="Enter a topic")])
    happened_on = DateInputField("When", validators=[DataRequired(message="Enter a date")])


class DetailsForm(PortalForm):
    details = TextAreaField("Details", validators=[DataRequired(message="Give details")])
    urgent = RadioField("Urgent", choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
                        validators=[DataRequired(message="Say if it is urgent")])


class UrgencyForm(PortalForm):
    reason = StringField("Why urgent", validators=[DataRequired(message="Say why")])


class ContactForm(PortalForm):
    channel = RadioField("Answer by", choices=[SelectChoice("portal", "Portal"),
                                               SelectChoice("email", "E-mail")],
                         validators=[DataRequired(message="Choose a channel")])
    email = EmailField("E-mail", validators=[Optional()])


FLOW = SubmissionFlow(
    slug="sample",
    steps=(
        Step("about", "About", AboutForm),
        Step("details", "Details", DetailsForm),
        Step("urgency", "Urgency", UrgencyForm,
             is_needed=lambda answers: answers.get("details", {}).get("urgent") == "yes"),
        Step("files", "Files", ContactForm, attachments=AttachmentRule(
            "evidence", "Evidence", limits=UploadLimits(max_file_size=1024 * 1024,
                                                        max_total_size=2 * 1024 * 1024))),
    ),
    channel_answer=("files", "channel"),
    email_answer=("files", "email"),
)
