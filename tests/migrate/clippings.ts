/**
 * Kindle clippings written for the tests, in the shapes Kindles print
 * (one metadata line per language, as seen in public clippings files).
 */
export const SEP = '==========';

export interface Clip {
  title: string;
  meta: string;
  body?: string;
}

/** A clippings file: BOM on the first entry, CRLF line ends, as the Kindle writes it. */
export function clippingsFile(clips: readonly Clip[], options: { bom?: boolean; eol?: string } = {}): string {
  const eol = options.eol ?? '\r\n';
  const text = clips.map((c) => [c.title, c.meta, '', c.body ?? '', SEP].join(eol)).join(eol) + eol;
  return (options.bom ?? true ? '\ufeff' : '') + text;
}

export const META = {
  en: '- Your Highlight on page 12 | Location 120-122 | Added on Monday, 5 May 2019 13:23:45',
  enUs: '- Your Highlight on Location 35-36 | Added on Monday, July 20, 2020 12:58:07 AM',
  de: '- Ihre Markierung auf Seite 42 | Position 1234-1236 | Hinzugefügt am Montag, 30. Dezember 2024 14:46:33',
  fr: '- Votre surlignement sur la page 200 | emplacement 3054-3056 | Ajouté le mercredi 16 août 2017 02:14:10',
  es: '- Tu subrayado en la página 7 | posición 89-92 | Añadido el martes, 12 de marzo de 2024 21:30:15',
  it: '- La tua evidenziazione alla pagina 6 | posizione 36-40 | Aggiunto in data lunedì 30 settembre 2019 18:00:39',
  pt: '- Seu destaque ou posição 2829-2830 | Adicionado: sexta-feira, 29 de novembro de 2019 18:00:13',
  nl: '- Je markering op pagina 6 | locatie 36-40 | Toegevoegd op maandag 30 september 2019 18:00:39',
  ru: '- Ваш выделенный отрывок на странице 5 | Местоположение 1234-1236 | Добавлено: понедельник, 30 декабря 2024 г. в 14:46:33',
  ja: '- 7ページ｜位置No. 114-116のハイライト |作成日: 2024年12月30日月曜日 14:46:33',
  zh: '- 您在第 7 页（位置 #114-116）的标注 | 添加于 2019年9月30日星期一 下午6:00:39',
} as const;
