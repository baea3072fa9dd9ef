# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The floor for Python: one ResyncMFADevice call from a plain boto3 script.

Usage: python resync_boto3.py USER_NAME SERIAL_NUMBER CODE_1 CODE_2
(credentials, region and AWS_ENDPOINT_URL from the environment, as a person's shell has them)
"""

import sys

import boto3


def main(argv):
    user_name, serial_number, code_1, code_2 = argv
    boto3.client("iam").resync_mfa_device(
        UserName=user_name, SerialNumber=serial_number, AuthenticationCode1=code_1, AuthenticationCode2=code_2
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
