# -*- coding: utf-8 -*-
# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Let the lookup tests run under plain pytest as well as under ansible-test units.

ansible-test units installs Ansible's collection loader before it imports any test. Plain pytest
(with the directory that holds ansible_collections/ on PYTHONPATH) does not, and without it
ansible's plugin loader cannot find mfaops.aws.totp, so install it here when nobody else has.
"""

from __future__ import annotations

from ansible.utils.collection_loader import AnsibleCollectionConfig

if AnsibleCollectionConfig.collection_finder is None:
    # pylint: disable-next=ungrouped-imports
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    # Scans sys.path (PYTHONPATH included) for directories that contain ansible_collections/.
    _AnsibleCollectionFinder()._install()  # pylint: disable=protected-access
