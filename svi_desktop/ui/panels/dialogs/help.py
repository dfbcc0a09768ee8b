"""Help: the current panel's keyboard shortcuts (F1), and a short guide for each role."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from svi_desktop.ui.translate import noop, translated

WINDOW_KEYS = [
    ("Ctrl+1 … Ctrl+7", "Setup, Bids, Scoring, Moderation, Results, Audit, Contract"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+Plus / Ctrl+Minus / Ctrl+0", "Larger, smaller, normal text"),
    ("F11", "Presentation mode (Esc leaves it)"),
    ("Ctrl+E", "Export"),
    ("Ctrl+Shift+K", "Award > Completeness check"),
    ("Ctrl+Shift+E", "View > Evidence screens (shared passages, the question restated, the same details)"),
    ("F1", "These shortcuts"),
]
PANEL_KEYS = {
    "Setup": [("Ctrl+Up / Ctrl+Down", "Move the criterion up or down"), ("Delete", "Remove the criterion"),
              ("Alt+letter", "The field whose label has that letter underlined")],
    "Bids": [("Alt+letter", "The field whose label has that letter underlined")],
    "Scoring": [("0 … 9", "Score the response in view"), ("Enter", "From the response to the rationale"),
                ("Esc", "From the rationale back to the response"),
                ("Ctrl+Enter", "Confirm and go to the next bid or criterion"),
                ("Tab / Shift+Tab", "Next or previous bid"), ("Page Down / Page Up", "Next or previous criterion"),
                ("F6", "By criterion or by bid"), ("Ctrl+Shift+C", "Cite the selected passage as evidence"),
                ("Delete (in the evidence list)", "Remove that citation"), ("Alt+1 … Alt+9", "Tick a red flag"),
                ("Ctrl+G", "Hide or show the guidance"),
                ("Ctrl+Shift+Q", "Ask the supplier a clarification on this response")],
    "Moderation": [("0 … 9 (in the table)", "The agreed score"),
                   ("Enter (in the table)", "Record and go to the next bid; to the note if it is empty"),
                   ("Ctrl+Enter (in a note)", "Record and go to the next bid"),
                   ("Page Down / Page Up", "Next or previous criterion"),
                   ("Ctrl+Shift+A", "Accept where every evaluator agrees"),
                   ("Ctrl+Shift+C", "Cite the selected passage of the response in the feedback"),
                   ("Left / Right (presentation)", "Previous or next criterion")],
    "Results": [("Alt+letter", "The control whose label has that letter underlined")],
    "Audit": [("Enter", "The whole of the selected change"), ("Alt+X", "Export the trail")],
}
GUIDE = {
    noop("Guide", "Evaluation lead"): (
        "1. Setup: the tender's details, its regime (it decides the award record and the notice), where the award "
        "criteria are published, the sections, criteria, weights, thresholds and scale.\n"
        "2. Bids: each bid with its supplier's details (address, email, PPON or Companies House number) and its "
        "responses, typed, pasted or imported from the bid template.\n"
        "3. Edit > Evaluators: the panel, and each person's declaration bidder by bidder; Edit > Conflicts "
        "assessment keeps everyone who influences the decision under review.\n"
        "4. File > Issue evaluator packs; collect the returns when they come back.\n"
        "Before moderation, View > Evidence screens (Ctrl+Shift+E) lists passages rival bids share, responses "
        "that restate the question and details bids have in common; Edit > Clarifications records when each "
        "question went to the supplier and its answer.\n"
        "5. Moderation with the panel, then Award > Completeness check until nothing is missing; Award > Sign off "
        "freezes the award; then the final report, summaries and notice, and the standstill."),
    noop("Guide", "Evaluator"): (
        "Open your pack and declare your interests, bidder by bidder, before anything of any bid is shown.\n"
        "Score each response with a digit, write why (Enter), cite the passages that show it (select, then "
        "Ctrl+Shift+C), tick red flags (Alt+1…). Ctrl+Enter confirms and moves on. When every score has its "
        "rationale, Submit with the return code the lead gave you, and send the pack back."),
    noop("Guide", "Panel chair"): (
        "Press F11 for presentation mode on the projector: evaluators' names are hidden until you show them, and "
        "quality is moderated blind to price: no price, total or ranking appears until every quality score is "
        "agreed, and then the results only when you show them (Alt+W), anonymised.\n"
        "For each criterion (Page Down), sort by spread; on each bid type the agreed score, Enter, the note saying "
        "how the panel reached it, Tab, the feedback for the bidder citing its response, then Ctrl+Enter. "
        "Ctrl+Shift+A accepts every bid where the evaluators all agree. A score outside the evaluators' range "
        "asks why."),
}


def _text_page(text: str) -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    return view


class ShortcutsDialog(QDialog):
    def __init__(self, panel: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        lines = [self.tr("In {panel}").format(panel=panel) + ":"] if panel in PANEL_KEYS else []
        lines += [f"  {keys:<34} {translated('Shortcuts', what)}" for keys, what in PANEL_KEYS.get(panel, [])]
        lines += ["", self.tr("Everywhere") + ":"]
        lines += [f"  {keys:<34} {translated('Shortcuts', what)}" for keys, what in WINDOW_KEYS]
        self.text = _text_page("\n".join(lines))
        self.text.setObjectName("shortcutsText")
        font = self.text.font()
        font.setStyleHint(font.StyleHint.Monospace)
        font.setFamily("monospace")
        self.text.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(680, 420)


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Guide"))
        self.tabs = QTabWidget()
        for role, text in GUIDE.items():
            page = _text_page(translated("Guide", text))
            page.setAccessibleName(translated("Guide", role))
            page.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            self.tabs.addTab(page, translated("Guide", role))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(640, 380)
