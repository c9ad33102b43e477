/** An IMR case number as letters print it (`CM16-0904417`): the one pattern the normaliser and the header extractor share. */
export const CASE_NUMBER = /\b(CM\d{2}-\d{5,8}|[A-Z]{2}\d{2}-\d{5,8})\b/;
