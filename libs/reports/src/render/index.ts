// The report renderers: ReportData in, a PDF, HTML, CSV or XLSX file out, in English, Spanish or French.
export { CONTENT_TYPES, isSupported, renderReport, reportFileName, SUPPORTED_FORMATS } from './report-renderer';
export { DICTIONARIES, type ReportDictionary } from './report-dictionary';
export { ReportFormatter } from './report-formatter';
