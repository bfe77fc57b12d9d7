#!/usr/bin/env python3
"""Makes the bundle's emoji set (emoji/*.png and emoji/emoji.tsv) from the npm package emoji-datasource-twitter.

The pictures are Twemoji (CC-BY 4.0, see ../NOTICE); emoji-datasource (MIT) supplies names and categories.
Usage:  npm pack emoji-datasource-twitter@16.0.0 && tar xzf emoji-datasource-twitter-16.0.0.tgz
        python3 make-emoji-set.py package ../emoji
"""
import json
import os
import shutil
import sys

# the faces and hearts of "Smileys & Emotion" up to this sort order, then a hand-picked few of the other categories
SMILEYS_UP_TO = 150
PICKED = {
    'People & Body': ['+1', '-1', 'ok_hand', 'clap', 'wave', 'raised_hands', 'pray', 'muscle', 'point_up', 'v',
                      'crossed_fingers', 'handshake', 'eyes', 'brain', 'raised_hand_with_fingers_splayed', 'point_right'],
    'Animals & Nature': ['dog', 'cat', 'unicorn_face', 'bug', 'sunflower', 'rose', 'four_leaf_clover', 'turtle'],
    'Food & Drink': ['coffee', 'tea', 'beer', 'pizza', 'cake', 'birthday', 'hamburger', 'doughnut', 'cookie'],
    'Activities': ['tada', 'confetti_ball', 'balloon', 'gift', 'trophy', 'soccer', 'video_game', 'dart'],
    'Travel & Places': ['rocket', 'fire', 'zap', 'sunny', 'rainbow', 'star', 'snowflake', 'umbrella_with_rain_drops'],
    'Objects': ['bulb', 'memo', 'computer', 'hourglass', 'lock', 'bell', 'calendar', 'link', 'bug', 'wrench',
                'hammer_and_wrench', 'package', 'email', 'pushpin', 'books'],
    'Symbols': ['white_check_mark', 'heavy_check_mark', 'x', 'warning', 'question', 'exclamation', '100',
                'heavy_plus_sign', 'arrow_right', 'recycle', 'no_entry', 'sparkles', 'new', 'sos'],
}
ORDER = ['Smileys & Emotion', 'People & Body', 'Animals & Nature', 'Food & Drink', 'Activities', 'Travel & Places',
         'Objects', 'Symbols']


def main(package, out):
    data = json.load(open(os.path.join(package, 'emoji.json')))
    by_name = {}
    for e in data:
        for n in e['short_names']:
            by_name[n] = e
    chosen = []
    smileys = sorted((e for e in data if e['category'] == 'Smileys & Emotion' and e['has_img_twitter']
                      and e['sort_order'] <= SMILEYS_UP_TO), key=lambda e: e['sort_order'])
    chosen += [('Smileys & Emotion', e) for e in smileys]
    for category in ORDER[1:]:
        for name in PICKED[category]:
            e = by_name.get(name)
            if e is None or not e['has_img_twitter']:
                sys.exit('no picture for ' + name)
            if all(e is not c for _, c in chosen):
                chosen.append((category, e))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'emoji.tsv'), 'w', encoding='utf-8') as tsv:
        tsv.write('# code points (hex, dash-separated)\tname\tcategory\tother names\n')
        for category, e in chosen:
            shutil.copy(os.path.join(package, 'img', 'twitter', '64', e['image']), os.path.join(out, e['image']))
            name = (e['name'] or e['short_name']).lower()
            others = ' '.join(n.replace('_', ' ') for n in e['short_names'])
            tsv.write('%s\t%s\t%s\t%s\n' % (e['unified'].lower(), name, category, others))
    print(len(chosen), 'emoji written to', out)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
