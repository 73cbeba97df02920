"""Native Word charts (DrawingML chart parts with their data in an embedded workbook), so staff can restyle
them and edit their data in Word, and they print sharp at any size.

python-pptx writes and styles the chart XML (a chart part is the same DrawingML in .pptx and .docx); this
module only adds the two parts to the report's package and places the chart inline where a docxtpl
placeholder stood. The embedded workbook is written here with xlsxwriter in the project's safe options:
the chart's labels come from the plan, and no text may ever become a formula or a link.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from pii_excel.xlsx_style import FONT, SAFE_OPTIONS

CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EMU_PER_MM = 36000


@dataclass(frozen=True)
class Series:
    """One series: a value per category (None leaves the bar out), a fill colour, or only an outline."""

    name: str
    values: tuple[float | None, ...]
    colour: str  # "#RRGGBB"
    outline_only: bool = False  # drawn as an empty box over the others: the goal each bar is measured against
    labels: bool = True  # print each bar's value beside it


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart, the first category on top. With `overlap` 100 every series shares one bar slot
    per category: outcome series holding one value each, and an outlined goal box drawn over them."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis_title: str
    number_format: str = "0.00"
    axis_max: float | None = None
    major_unit: float | None = None
    overlap: int = 100
    bar_mm: float = 5.0  # height of one bar when the series stand side by side

    @property
    def height_mm(self) -> float:
        """Room for every category's label and bar (two lines of a long pillar name), title, axis and legend."""
        slot = 7.0 if self.overlap else self.bar_mm * len(self.series)
        return 38.0 + max(slot, 7.0) * len(self.categories)


def _rgb(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def chart_xml(spec: BarChart, workbook_rid: str | None = None) -> bytes:
    """The chart part's XML: data from `spec`, Times New Roman, outcome colours, categories top to bottom; with
    `workbook_rid`, pointing at its embedded workbook (Word's "Edit Data")."""
    from lxml import etree
    from pptx.chart.chart import Chart
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.oxml import parse_xml
    from pptx.util import Pt

    data = CategoryChartData(number_format=spec.number_format)
    data.categories = list(spec.categories)
    for s in spec.series:
        data.add_series(s.name, list(s.values))
    space = parse_xml(data.xml_bytes(XL_CHART_TYPE.BAR_CLUSTERED))
    chart = Chart(space, None)
    chart.font.name = FONT
    chart.font.size = Pt(10)
    chart.has_title = True
    chart.chart_title.text_frame.text = spec.title
    title_font = chart.chart_title.text_frame.paragraphs[0].runs[0].font
    title_font.size, title_font.bold, title_font.name = Pt(11), True, FONT
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.gap_width, plot.overlap, plot.vary_by_categories = 40 if spec.overlap else 60, spec.overlap, False
    for s, series in zip(spec.series, plot.series, strict=True):
        fill = series.format.fill
        if s.outline_only:
            fill.background()
            series.format.line.color.rgb = _rgb(s.colour)
            series.format.line.width = Pt(1.25)
        else:
            fill.solid()
            fill.fore_color.rgb = _rgb(s.colour)
        if s.labels:
            labels = series.data_labels
            labels.show_value = True
            labels.number_format, labels.number_format_is_linked = "[$-42A]" + spec.number_format, False
            labels.position = XL_LABEL_POSITION.INSIDE_BASE if s.outline_only else XL_LABEL_POSITION.OUTSIDE_END
            labels.font.size = Pt(9)
    categories = chart.category_axis
    categories.reverse_order = True  # the first category on top, as in the tables
    categories.tick_labels.font.size = Pt(9)
    categories.has_major_gridlines = False
    values = chart.value_axis
    # with the categories reversed the value axis would sit on top; Word and LibreOffice put it back below
    # when it crosses the category axis at its last category
    values._element.find(f"{{{C_NS}}}crosses").set("val", "max")
    values.minimum_scale = 0
    if spec.axis_max is not None:
        values.maximum_scale = spec.axis_max
    if spec.major_unit is not None:
        values.major_unit = spec.major_unit
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _rgb("#D9D9D9")
    values.tick_labels.number_format, values.tick_labels.number_format_is_linked = "0", False
    values.has_title = True
    values.axis_title.text_frame.text = spec.axis_title
    axis_font = values.axis_title.text_frame.paragraphs[0].runs[0].font
    axis_font.size, axis_font.bold, axis_font.name = Pt(9), False, FONT
    _word_settings(space)
    if workbook_rid:  # the schema puts it last in chartSpace
        external = etree.SubElement(space, f"{{{C_NS}}}externalData")
        external.set(f"{{{R_NS}}}id", workbook_rid)
        etree.SubElement(external, f"{{{C_NS}}}autoUpdate").set("val", "0")
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def _word_settings(space) -> None:
    """Square corners (Word rounds a chart's frame unless told not to) and Vietnamese as the chart's language."""
    from lxml import etree

    date1904 = space.find(f"{{{C_NS}}}date1904")
    position = list(space).index(date1904) + 1 if date1904 is not None else 0
    for offset, (tag, value) in enumerate((("lang", "vi-VN"), ("roundedCorners", "0"))):
        element = etree.Element(f"{{{C_NS}}}{tag}")
        element.set("val", value)
        space.insert(position + offset, element)


def workbook_blob(spec: BarChart) -> bytes:
    """The chart's data as Word's "Edit Data" opens it: categories in column A, one series per column (the
    cell ranges python-pptx's chart XML refers to)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **SAFE_OPTIONS})
    sheet = book.add_worksheet("Sheet1")
    number = book.add_format({"num_format": spec.number_format})
    sheet.set_column(0, 0, max((len(c) for c in spec.categories), default=10) + 2)
    for col, s in enumerate(spec.series, start=1):
        sheet.write_string(0, col, s.name)
        sheet.set_column(col, col, max(len(s.name), 10) + 2)
        for row, value in enumerate(s.values, start=1):
            if value is not None:
                sheet.write_number(row, col, value, number)
    for row, category in enumerate(spec.categories, start=1):
        sheet.write_string(row, 0, category)
    book.close()
    return buffer.getvalue()


class InlineChart:
    """A docxtpl context value that puts a native chart where its placeholder stands (like docxtpl's
    InlineImage, whose way of leaving the placeholder's run it follows)."""

    def __init__(self, tpl, spec: BarChart, width_mm: float, height_mm: float) -> None:
        self.tpl, self.spec, self.width_mm, self.height_mm = tpl, spec, width_mm, height_mm

    def _add_parts(self) -> tuple[str, int]:
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        part = self.tpl.current_rendering_part
        package = part.package
        name = package.next_partname("/word/charts/chart%d.xml")
        book = Part(
            PackURI(package.next_partname("/word/embeddings/Microsoft_Excel_Sheet%d.xlsx")),
            XLSX_CT,
            workbook_blob(self.spec),
            package,
        )
        # a new part's first relationship is rId1: the chart's XML can name its workbook before it is related
        chart = Part(name, CHART_CT, chart_xml(self.spec, workbook_rid="rId1"), package)
        if chart.relate_to(book, RT_PACKAGE) != "rId1":
            raise RuntimeError("python-docx numbered a new part's first relationship other than rId1")
        return part.relate_to(chart, RT_CHART), int(name.idx or 1)

    def _drawing(self) -> str:
        rid, number = self._add_parts()
        shape_id = 9000 + number  # apart from the ids Word and docxtpl give pictures, which count up from 1
        cx, cy = round(self.width_mm * EMU_PER_MM), round(self.height_mm * EMU_PER_MM)
        title = quoteattr(self.spec.title)  # with its quotes
        return (
            "</w:t></w:r><w:r><w:drawing>"
            f'<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{WP_NS}">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{shape_id}" name="Biểu đồ {number}" descr={title}/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
            f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rid}"/>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">'
        )

    def __str__(self) -> str:
        return self._drawing()

    __html__ = __str__  # docxtpl renders with autoescape on: this value is markup, not text
