/** QR codes for the topic pages, made at build time (SVG, no script, no external request). */
import QRCode from 'qrcode';

export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
