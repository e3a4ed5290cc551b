/**
 * The reply letter (政府信息公开申请答复告知书) set on an A4 page in the manner
 * of an official letter (GB/T 9704 proportions): the title centred and bold,
 * the file number, the salutation, the body indented two characters, the
 * agency and the date at the bottom right; a red 草稿 mark on a reply not
 * yet issued. The wording comes from libs/domain (replyLetter).
 *
 * The Chinese font is Noto Sans SC from npm, not a system font: a bare server
 * has no CJK font, and pdfkit embeds only the glyphs the letter uses.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ReplyLetter } from '@gongkai/domain';

const MM = 72 / 25.4;
/** GB/T 9704: top 37 mm, left 28 mm, right 26 mm, bottom 35 mm. */
const MARGINS = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM };
/** 2号 for the title, 3号 for the body. */
const TITLE_SIZE = 22;
const BODY_SIZE = 16;
/** About 28 pt a line, near the 22 lines a page of GB/T 9704. */
const LINE_GAP = 5;

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per process (each file is about 10 MB); pdfkit subsets what a letter uses. */
function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

export function renderReplyLetterPdf(letter: ReplyLetter): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    info: { Title: letter.title, Subject: letter.fileNumber, Author: letter.signature.agency, Creator: 'gongkai' },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGINS.left - MARGINS.right;
  if (letter.draft) {
    doc.font('bold').fontSize(BODY_SIZE).fillColor('#c00000').text('草稿', MARGINS.left, MARGINS.top - 2 * BODY_SIZE, { width, align: 'right' });
    doc.fillColor('black');
  }
  doc.font('bold').fontSize(TITLE_SIZE).text(letter.title, MARGINS.left, MARGINS.top, { width, align: 'center' });
  doc.moveDown(0.6);
  doc.font('regular').fontSize(BODY_SIZE).text(`编号：${letter.fileNumber}`, { width, align: 'right' });
  doc.moveDown(0.8);
  doc.text(letter.salutation, { width, lineGap: LINE_GAP });
  for (const paragraph of letter.paragraphs) {
    doc.text(paragraph, { width, indent: 2 * BODY_SIZE, align: 'justify', lineGap: LINE_GAP });
  }
  // Bottom right, "右空四字" as official letters do: the agency and the date together, on the page of the last
  // paragraph when they fit there (closer to it if need be), else both on the next page.
  const line = doc.currentLineHeight(true) + LINE_GAP;
  const room = doc.page.height - MARGINS.bottom - doc.y - 2 * line;
  if (room >= 1.5 * line) doc.y += 1.5 * line;
  else if (room >= 0.5 * line) doc.y += 0.5 * line;
  else doc.addPage();
  const signatureWidth = width - 4 * BODY_SIZE;
  doc.text(letter.signature.agency, MARGINS.left, doc.y, { width: signatureWidth, align: 'right', lineGap: LINE_GAP });
  doc.text(letter.signature.date, MARGINS.left, doc.y, { width: signatureWidth, align: 'right' });
  doc.end();
  return finished;
}
