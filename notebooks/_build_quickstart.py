"""Write notebooks/01_quickstart.ipynb (source of truth for its cells); run `make notebooks` after."""

import nbformat as nbf

nb = nbf.v4.new_notebook()
md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
setup = code('import pandas as pd\n\npd.set_option("display.width", 120)\npd.set_option("display.max_columns", 12)\n'
             'pd.set_option("display.precision", 3)')
setup.metadata["tags"] = ["remove-cell"]
nb.cells = [
    md("# Quickstart: from an org chart and a network survey to who people really go to\n\n"
       "This notebook reads the bundled organisation **Acme** (400 invented people, "
       "`datasets/acme/`), shows what was repaired on the way in, and compares the org chart "
       "with the help network: who colleagues go to for help beyond their own reporting line.\n\n"
       "Point `ORG` at your own folder (`people.csv`, `nominations.csv`, ...) to do the same."),
    setup,
    code('import stakeholder_graph as sg\n\nORG = "../datasets/acme"\norg = sg.read_org(ORG)\norg'),
    md("## 1. Data quality\n\nNothing is dropped or changed silently. Each row of the report names the "
       "file, the spreadsheet row, the value and what was done; here are the counts by kind."),
    code("org.quality.counts()"),
    md("Fuzzy and nickname matches are kept but worth a glance:"),
    code('report = org.quality.to_frame()\nreport[report["problem"].str.startswith("nominee matched")].head(5)'),
    md("## 2. The network at a glance\n\nOne layer per survey question plus the formal layer "
       "(manager -> report). An edge `A -> B` in `help` means *A goes to B for help*."),
    code("net = sg.build_network(org)\nnet.summary()"),
    md("Response rate per department (departments under 5 people are merged, so no small group "
       "is shown alone):"),
    code("net.response_rate()"),
    md("## 3. Formal versus informal\n\nWho is sought out for help by colleagues **beyond their own "
       "reporting line** (neither their manager nor their direct reports)? Those are the people the "
       "org chart does not show."),
    code('informal = sg.sought_out_beyond_line(net, "help")\n'
         'top = informal.sort_values(["beyond_line", "id"], ascending=[False, True]).head(10)\n'
         'top[["name", "department", "is_manager", "sought_out", "beyond_line", "from_other_departments"]]'),
    code('share_non_managers = (~top["is_manager"]).mean()\n'
         'print(f"{share_non_managers:.0%} of the ten most sought-out people beyond their line are not managers.")\n'
         'assert share_non_managers >= 0.5'),
    md("The champions notebook turns these signals into an explained shortlist that covers the "
       "whole organisation."),
]
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbf.write(nb, "notebooks/01_quickstart.ipynb")
